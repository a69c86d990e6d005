"""The public lists' filters: query parameters validated like forms, a bad value a 400 that
names the parameter."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError as InvalidValue
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from itp.common.forms import INVALID_CHOICE_UNNAMED
from workshops.models import Event


class MomentField(IsoDateTimeField):
    """An ISO 8601 time, in UTC: any offset a client sends (up to a day either way), compared
    alike on every database. A time that has no UTC equivalent (the first hours of year 1 east
    of Greenwich) is invalid, as any malformed time."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise InvalidValue(self.error_messages["invalid"], code="invalid") from None


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class TrueOrFalseField(forms.Field):
    """``true`` or ``false``, as the schema's boolean reads in a query string; anything else is
    invalid (Django's NullBooleanField would take it for "not given" and filter nothing)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value in ("true", "false"):
            return value == "true"
        raise InvalidValue(INVALID_CHOICE_UNNAMED["invalid_choice"], code="invalid_choice")


class TrueOrFalseFilter(django_filters.BooleanFilter):
    field_class = TrueOrFalseField


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
    # A slug that names no theme or government matches no event: an empty list, as any
    # well-formed filter that matches nothing (the schema cannot list the slugs that exist).
    theme = django_filters.CharFilter(
        field_name="themes__slug",
        help_text=("Only events on the theme with this slug (none for an unknown slug)."),
    )
    government = django_filters.CharFilter(
        field_name="host_government__slug",
        help_text=(
            "Only events hosted by the government with this slug (none for an unknown slug)."
        ),
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
    updated_since = MomentFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=("Only events changed at this time (ISO 8601) or later."),
    )

    class Meta:
        model = Event
        fields = []


class SingleValuedParameters(BaseFilterBackend):
    """Every query parameter of the API's lists takes one value: one given more than once
    (``?page=1&page=2``) is a bad request naming it, rather than a silent pick of the last.
    (A DRF filter backend, so that it runs on every list, before its filters and its page.)
    """

    def filter_queryset(self, request, queryset, view):
        if view.kwargs:
            return queryset  # a detail route: it reads no query parameter
        repeated = sorted(name for name, values in request.query_params.lists() if len(values) > 1)
        if repeated:
            raise ValidationError({name: [_("Give this parameter once.")] for name in repeated})
        return queryset
