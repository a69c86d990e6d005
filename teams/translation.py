"""The public texts of innovation teams that staff write in each language."""

from modeltranslation.translator import TranslationOptions, register, translator

from .models import InnovationTeam


@register(InnovationTeam)
class InnovationTeamTranslationOptions(TranslationOptions):
    fields = ("name", "challenge", "summary")


# The audit trail copies every column of a saved row, so its table has the same columns.
translator.register(InnovationTeam.history.model, InnovationTeamTranslationOptions)
