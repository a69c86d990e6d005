import django_filters
from django.utils.translation import gettext_lazy as _

from itp.models import Learning, Theme
from regions.models import Government


class LearningFilter(django_filters.FilterSet):
    """The learnings list's filters: a theme and the government a learning is about."""

    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Any theme"),
    )
    government = django_filters.ModelChoiceFilter(
        label=_("Government"),
        to_field_name="slug",
        queryset=Government.objects.all(),
        empty_label=_("Any government"),
    )

    class Meta:
        model = Learning
        fields = ["theme", "government"]
