"""The texts of events and their sessions that staff write in each language."""

from modeltranslation.translator import TranslationOptions, register, translator

from .models import Event, Session


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title", "description")


# The audit trail copies every column of a saved row, so its table has the same columns.
translator.register(Event.history.model, EventTranslationOptions)
