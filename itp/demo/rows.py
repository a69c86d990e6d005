"""How the demo loaders write: look a row up by its natural key, save only what differs."""


def update_or_create_quietly(model, lookup, fields, *, create_with=None):
    """Like ``QuerySet.update_or_create``, but saves only when a field differs.

    A second demo load therefore leaves every row as it was: no new ``updated_at``, no new
    audit-trail entry. ``create_with`` gives the fields for a new row when ``lookup`` is not
    plain field values (e.g. ``email__iexact``); it defaults to ``lookup``.
    """
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**(create_with or lookup), **fields)
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, fields[name])
    if changed:
        instance.save()
    return instance
