"""Widgets: a cell to a value and back, so that a file exported from the site can be imported
again unchanged: choices by label or stored value, yes/no, records by name or slug (looked up
once per import, not once per row). Labels and yes/no are read in any of the site's languages,
since an export is written in its reader's language and may be imported by someone reading
another."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from itp.common.spreadsheets import restore

from .cells import cell_key, excerpt, is_blank, lookup_key


def in_every_language(text):
    """The lookup keys of a (lazily) translated text in each of the site's languages."""
    keys = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            keys.add(lookup_key(str(text)))
    return keys


# Widgets: a cell to a value and back


class TextWidget(widgets.CharWidget):
    """Text without surrounding spaces; the apostrophes that exports put where text looks
    like a formula are taken off again."""

    def clean(self, value, row=None, **kwargs):
        return "" if value is None else restore(str(value).strip()).strip()


class ChoiceWidget(widgets.Widget):
    """One of a field's choices, written as its label ("Government official") or its stored
    value ("government_official"), in any case. Exports write the label."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.keys = {
            key: stored
            for stored, label in choices
            for key in {lookup_key(stored), *in_every_language(label)}
        }

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        stored = self.keys.get(lookup_key(value))
        if stored is not None:
            return stored
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {
                "value": excerpt(value),
                "choices": ", ".join(str(label) for _, label in self.choices),
            }
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class YesNoWidget(widgets.Widget):
    """A yes/no cell: yes, no, true, false, 1, 0 or a spreadsheet's TRUE/FALSE. Empty is no."""

    YES = ("yes", "y", "true", "1")
    NO = ("no", "n", "false", "0", "")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # What exports write (below), in every language.
        self.yes = {*self.YES, *in_every_language(gettext_lazy("yes"))}
        self.no = {*self.NO, *in_every_language(gettext_lazy("no"))}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if value is None:
            return False
        key = lookup_key(value)
        if key in self.yes:
            return True
        if key in self.no:
            return False
        raise ValueError(_("Write yes or no, not “%(value)s”.") % {"value": excerpt(value)})

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else _("no")


class LookupWidget(widgets.ForeignKeyWidget):
    """A record named in a cell by one of ``keys`` (e.g. its name or its slug), compared
    without case. The records are read once, when the import starts (``load()``), so a file
    of any length costs one query per lookup column."""

    def __init__(self, model, *, keys, shown_as, not_found, **kwargs):
        super().__init__(model, field=shown_as, **kwargs)
        self.keys = keys
        self.not_found = not_found
        self.records = None

    def load(self):
        records = list(self.model.objects.all())
        self.records = {}
        # The first key wins a clash: a record's name beats another's slug.
        for key in reversed(self.keys):
            for record in records:
                self.records[lookup_key(getattr(record, key))] = record

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if self.records is None:
            self.load()
        try:
            return self.records[cell_key(value)]
        except KeyError:
            raise ValueError(self.not_found % {"value": excerpt(value)}) from None


class CountryWidget(widgets.Widget):
    """A country as its ISO code ("IT", "ITA") or its English name ("Italy")."""

    def clean(self, value, row=None, **kwargs):
        from django_countries import countries

        if is_blank(value):
            return ""
        text = str(value).strip()
        code = countries.alpha2(text) or countries.by_name(text)
        if not code:
            raise ValueError(
                _("“%(value)s” is not a country; write its ISO code (IT) or its name (Italy).")
                % {"value": excerpt(text)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return str(getattr(value, "code", value) or "")


class WebsiteWidget(TextWidget):
    """A website address; one typed without a scheme (www.example.org) is taken as https, as
    the admin's forms do."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text and "://" not in text:
            text = "https://" + text
        return text
