import django_filters
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itp.common.forms import INVALID_CHOICE_UNNAMED
from itp.models import Theme
from regions.models import Government

from .models import Event


class EventFilter(django_filters.FilterSet):
    """The schedule's filters: kind, theme, host government, and upcoming or past."""

    WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]

    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=WHEN_CHOICES,
        method="filter_when",
        empty_label=None,
        error_messages=INVALID_CHOICE_UNNAMED,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Event.Kind.choices,
        empty_label=_("Any kind"),
        error_messages=INVALID_CHOICE_UNNAMED,
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Any theme"),
    )
    government = django_filters.ModelChoiceFilter(
        label=_("Host government"),
        field_name="host_government",
        to_field_name="slug",
        queryset=Government.objects.all(),
        empty_label=_("Any government"),
    )

    class Meta:
        model = Event
        fields = ["when", "kind", "theme", "government"]

    def __init__(self, data=None, *args, **kwargs):
        # Without a choice, the schedule shows what is still to come.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("when"):
            data["when"] = "upcoming"
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "when" not in self.form.cleaned_data:
            # An unknown ?when= is reported by the form and treated as the default.
            queryset = self.filter_when(queryset, "when", "upcoming")
        return queryset

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "past":
            return queryset.past(now).order_by("-starts_at", "title_en")
        return queryset.upcoming(now).order_by("starts_at", "title_en")
