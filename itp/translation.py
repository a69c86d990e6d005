"""The texts of the programme's own content that staff write in each language (a column per
language beside the English one; see settings.MODELTRANSLATION_LANGUAGES)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Learning, Material, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Learning)
class LearningTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")


@register(Material)
class MaterialTranslationOptions(TranslationOptions):
    fields = ("title",)
