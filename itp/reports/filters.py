"""The filters the reports share, validated like a form: dates, government, theme, event.

Each report honours some of them (``Report.filter_names``); its form has those fields only.
"""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from itp.common.caching import remember
from itp.common.text import query_value
from itp.models import Theme
from regions.models import Government
from workshops.models import Event


def event_day(event, moment=None):
    """The day, at the event's venue, of ``moment`` (the event's start unless given)."""
    return (moment or event.starts_at).astimezone(ZoneInfo(event.time_zone)).date()


class EventLabels:
    """Labels of events to choose from, "title, day at the venue", for many events at once:
    the label's pattern and the date format are read once, each time zone loaded and each
    day written once."""

    def __init__(self):
        self.pattern = gettext("%(title)s, %(day)s")
        self.day_format = get_format("DATE_FORMAT")
        self.zones = {}
        self.days = {}

    def __call__(self, title, starts_at, time_zone):
        zone = self.zones.get(time_zone)
        if zone is None:
            zone = self.zones[time_zone] = ZoneInfo(time_zone)
        day = starts_at.astimezone(zone).date()
        written = self.days.get(day)
        if written is None:
            written = self.days[day] = dateformat.format(day, self.day_format)
        return self.pattern % {"title": title, "day": written}


# A large programme offers thousands of events and hundreds of governments to choose from.
# Their options are read as values rather than as whole objects, kept under the data version
# (itp.common.caching), and written in Python rather than from Django's option template (a few
# hundred microseconds each); the HTML is the same.


class NamedChoices(ModelChoiceIterator):
    """The choices of a field whose objects are named by ``name`` and chosen by slug."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from remember(
            "report-choices",
            [str(self.queryset.query)],
            lambda: list(self.queryset.values_list("slug", "name")),
        )


class EventChoices(ModelChoiceIterator):
    """The events' choices: each event's title and its day at the venue."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from remember("report-event-choices", [str(self.queryset.query)], self._choices)

    def _choices(self):
        label = EventLabels()
        return [
            (slug, label(title, starts_at, time_zone))
            for slug, title, starts_at, time_zone in self.queryset.values_list(
                "slug", "title", "starts_at", "time_zone"
            )
        ]


def _attributes(attrs):
    """HTML attributes as Django's ``attrs.html`` writes them: True as a bare name, False
    left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class ManyOptionsSelect(forms.Select):
    """A select whose options are written in Python, exactly as Django's templates write them."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if any(group_name for group_name, _options, _index in groups):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            f'\n  <option value="{escape(option["value"])}"'
            f"{_attributes(option['attrs']) if option['attrs'] else ''}>"
            f"{conditional_escape(option['label'])}</option>\n"
            for _group_name, group_options, _index in groups
            for option in group_options
        )
        return mark_safe(
            format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))
            + options
            + "\n</select>"
        )


class NamedChoiceField(forms.ModelChoiceField):
    iterator = NamedChoices
    widget = ManyOptionsSelect


class EventChoiceField(forms.ModelChoiceField):
    iterator = EventChoices
    widget = ManyOptionsSelect

    def label_from_instance(self, event):
        return EventLabels()(event.title, event.starts_at, event.time_zone)


def _date_field(label, help_text):
    # Dates travel in links and on the command line as YYYY-MM-DD, whatever the site's own
    # date format; browsers offer a date picker for the same value.
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
    )


class ReportFilterForm(forms.Form):
    date_from = _date_field(
        pgettext_lazy("date range", "From"), _("The first day counted, as YYYY-MM-DD.")
    )
    date_to = _date_field(
        pgettext_lazy("date range", "To"), _("The last day counted, as YYYY-MM-DD.")
    )
    government = NamedChoiceField(
        label=_("Government"),
        queryset=Government.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All governments"),
    )
    theme = NamedChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    event = EventChoiceField(
        label=_("Event"),
        queryset=Event.objects.order_by("-starts_at"),
        to_field_name="slug",
        required=False,
        empty_label=_("Choose an event"),
        help_text=_("The newest first."),
    )

    # Query-string names, so that links and the export command say the same thing.
    QUERY_NAMES = {"date_from": "from", "date_to": "to"}

    def __init__(self, data=None, *, fields=None, **kwargs):
        """``fields``: the names of the filters the report honours (all when None); the
        form has no others, and ignores any other parameter."""
        fields = list(self.base_fields) if fields is None else list(fields)
        if data is not None:
            # Only the filters' own parameters, each a single value (a repeated one counts once),
            # fit to be shown back in the form should it be refused.
            names = [self.QUERY_NAMES.get(field, field) for field in fields]
            data = {name: query_value(data.get(name, "")) for name in names}
        super().__init__(data, **kwargs)
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        self.order_fields(fields)

    def add_prefix(self, field_name):
        return self.QUERY_NAMES.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self):
        """The validated filters; call only when the form is valid."""
        return ReportFilters(**self.cleaned_data)

    def error_text(self):
        """All errors in one sentence each, for a 400 response or the command line."""
        return " ".join(
            f"{self.fields[name].label if name in self.fields else ''}: {message}".lstrip(": ")
            for name, messages in self.errors.items()
            for message in messages
        )


@dataclass(frozen=True)
class ReportFilters:
    date_from: date | None = None
    date_to: date | None = None
    government: Government | None = None
    theme: Theme | None = None
    event: Event | None = None

    def described(self):
        """The filters in use, as (label, value) pairs for titles and file headers; dates stay
        dates, for the template to write in the site's format."""
        pairs = []
        if self.date_from:
            pairs.append((pgettext_lazy("date range", "From"), self.date_from))
        if self.date_to:
            pairs.append((pgettext_lazy("date range", "To"), self.date_to))
        if self.government:
            pairs.append((_("Government"), self.government.name))
        if self.theme:
            pairs.append((_("Theme"), self.theme.name))
        if self.event:
            pairs.append((_("Event"), self.event.title))
        return pairs

    def as_query(self):
        """The filters as query-string values, for links and the download record."""
        query = {}
        if self.date_from:
            query["from"] = self.date_from.isoformat()
        if self.date_to:
            query["to"] = self.date_to.isoformat()
        for name in ("government", "theme", "event"):
            value = getattr(self, name)
            if value is not None:
                query[name] = value.slug
        return query
