"""Helpers for the content's columns per language (django-modeltranslation).

Registering a field (``translation.py`` in each app) adds a column per language beside the
original one: ``title_en``, ``title_de``... The pages read ``event.title``, which gives the
active language's column, or English where that one is empty. The original column stays in
the table; left to modeltranslation it would hold whichever language was active when the row
was last saved, so ``keep_original_columns_in_english`` makes it always save the English
text: SQL that reads it (a lookup through another model such as ``team__name``, an export,
the unique constraints on names) reads English, whatever language staff work in.
"""

from functools import partial

from django.conf import settings
from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.translator import NotRegistered, translator

ENGLISH = "en"


def languages():
    """The content's language codes, English first: those with a column."""
    return list(settings.MODELTRANSLATION_LANGUAGES)


def copy_into_english(model_name, fields):
    """A migration operation that copies each field's text into its new ``_en`` column, and
    back into the original column when the migration is reversed."""

    def forwards(apps, schema_editor):
        model = apps.get_model(model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})

    def backwards(apps, schema_editor):
        model = apps.get_model(model_name)
        model.objects.update(**{field: Coalesce(f"{field}_en", F(field)) for field in fields})

    return migrations.RunPython(forwards, backwards, elidable=False)


def translated_fields(model):
    """The names of ``model``'s fields that have a column per language (none if the model is
    not registered)."""
    try:
        return frozenset(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return frozenset()


def column(field, language):
    """The column of ``field`` in ``language``: ``title_de``."""
    return f"{field}_{language}"


def in_language(field, language):
    """An expression of ``field``'s text in ``language``, or in English where that is empty:
    what ``row.field`` gives in Python, for SQL (snippets, ordering)."""
    if language == ENGLISH:
        return F(column(field, ENGLISH))
    return Coalesce(NullIf(F(column(field, language)), Value("")), F(column(field, ENGLISH)))


def in_every_language(*fields):
    """Each field's column in every language, for the admin's search: a German word is
    found in a German title whatever language the staff member reads the admin in."""
    return tuple(column(field, language) for field in fields for language in languages())


def _english_text(english_column, instance, add):
    value = getattr(instance, english_column)
    return "" if value is None else value


def keep_original_columns_in_english():
    """Make each translated field's original column save the English text rather than the
    active language's (called once the translations are registered)."""
    for model in translator.get_registered_models():
        for name in translator.get_options_for_model(model).fields:
            field = model._meta.get_field(name)
            field.pre_save = partial(_english_text, column(name, ENGLISH))
