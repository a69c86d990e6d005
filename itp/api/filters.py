"""The public lists' filters: query parameters validated like forms, a bad value a 400 that
names the parameter."""

import django_filters

from itp.common.forms import INVALID_CHOICE_UNNAMED
from itp.models import Theme
from regions.models import Government
from workshops.models import Event


class EventFilter(django_filters.FilterSet):
    """Events by kind, theme, host government, dates and last change.

    The help texts document the parameters in the OpenAPI schema, in English like the rest of
    the schema's descriptions.
    """

    kind = django_filters.ChoiceFilter(
        choices=Event.Kind.choices,
        help_text=("Only events of this kind."),
        error_messages=INVALID_CHOICE_UNNAMED,
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        help_text=("Only events on the theme with this slug."),
    )
    government = django_filters.ModelChoiceFilter(
        field_name="host_government",
        to_field_name="slug",
        queryset=Government.objects.all(),
        help_text=("Only events hosted by the government with this slug."),
    )
    # "from" is a Python keyword: the filter is declared under its name through locals().
    locals()["from"] = django_filters.DateFilter(
        field_name="ends_at",
        lookup_expr="date__gte",
        help_text=("Only events that end on this day (YYYY-MM-DD, UTC) or later."),
    )
    to = django_filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__lte",
        help_text=("Only events that start on this day (YYYY-MM-DD, UTC) or earlier."),
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=("Only events changed at this time (ISO 8601) or later."),
    )

    class Meta:
        model = Event
        fields = []
