"""The governments' summaries, which staff write in each language. Names of governments,
people and organisations are names, not translated."""

from modeltranslation.translator import TranslationOptions, register, translator

from .models import Government


@register(Government)
class GovernmentTranslationOptions(TranslationOptions):
    fields = ("summary",)


# The audit trail copies every column of a saved row, so its table has the same columns.
translator.register(Government.history.model, GovernmentTranslationOptions)
