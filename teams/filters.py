import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from itp.common.forms import INVALID_CHOICE_UNNAMED
from itp.models import Theme
from regions.models import Government

from .models import Secondment


class SecondmentFilter(django_filters.FilterSet):
    """The public secondment list's filters: a government (home or host), theme, status."""

    government = django_filters.ModelChoiceFilter(
        label=_("Government (home or host)"),
        to_field_name="slug",
        queryset=Government.objects.all(),
        method="filter_government",
        empty_label=_("Any government"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Any theme"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (value, label)
            for value, label in Secondment.Status.choices
            if value in Secondment.Status.held
        ],
        empty_label=_("Any status"),
        error_messages=INVALID_CHOICE_UNNAMED,
    )

    class Meta:
        model = Secondment
        fields = ["government", "theme", "status"]

    def filter_government(self, queryset, name, value):
        return queryset.filter(Q(home_government=value) | Q(host_government=value))
