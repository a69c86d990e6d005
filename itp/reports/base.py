"""What every report shares: the filtered querysets it is built from, and small counting
helpers (``figures`` computes the per-government figures, ``display`` lays out a report's
sections for a page or a PDF).

A report is built from validated filters into sections; the rows of a section are an iterator,
so the writers can stream a report of any size without holding it in memory. Every count per
government is one grouped query, so a report costs the same number of queries for ten
governments or three hundred.
"""

from collections import Counter
from decimal import Decimal

from django.db.models import Count, Q

from itp.common.exceptions import Refused
from itp.common.exporting.tables import Export
from itp.models import Learning
from regions.models import Government
from teams.models import InnovationTeam, Secondment
from workshops.models import Event, Registration

from .display import displayed


class ReportNeedsAnEvent(Refused, ValueError):
    """The attendance report was asked for without an event."""


class Report(Export):
    """A coordinators' report: an export built from validated filters (``filters``), shown as
    a page and printed as a PDF from ``print_template``."""

    description = ""
    print_template = "reports/report_print.html"
    pdf_label = "PDF"  # the PDF's download link
    # The filters the report honours, in the order its form shows them; the form has no
    # others, and download links carry no others.
    filter_names = ("date_from", "date_to", "government", "theme")

    def __init__(self, filters):
        super().__init__()
        self.filters = filters

    def print_context(self, sections):
        """What the print template needs to lay out ``sections`` as a PDF."""
        return {"report": self, "sections": displayed(sections)}

    # Reusable querysets narrowed by the filters.

    def events(self):
        """Published events in the period and theme, hosted by the government filtered on."""
        events = self._events_in_period()
        if self.filters.government:
            events = events.filter(host_government=self.filters.government)
        return events

    def _events_in_period(self):
        events = Event.objects.filter(status=Event.Status.PUBLISHED)
        start, end = self.filters.date_from, self.filters.date_to
        if start:
            events = events.filter(starts_at__date__gte=start)
        if end:
            events = events.filter(starts_at__date__lte=end)
        if self.filters.theme:
            events = events.filter(themes=self.filters.theme)
        return events

    def registrations(self):
        """Registrations for events in the period and theme, by people of the government
        filtered on, whoever hosted the event."""
        registrations = Registration.objects.filter(event__in=self._events_in_period())
        if self.filters.government:
            registrations = registrations.filter(person__government=self.filters.government)
        return registrations

    def secondments(self):
        """Secondments in the period and theme, out of or into the government filtered on."""
        secondments = Secondment.objects.public()
        if self.filters.government:
            government = self.filters.government
            secondments = secondments.filter(
                Q(home_government=government) | Q(host_government=government)
            )
        if self.filters.date_from:
            secondments = secondments.filter(ends_on__gte=self.filters.date_from)
        if self.filters.date_to:
            secondments = secondments.filter(starts_on__lte=self.filters.date_to)
        if self.filters.theme:
            secondments = secondments.filter(theme=self.filters.theme)
        return secondments

    def teams(self):
        teams = InnovationTeam.objects.all()
        if self.filters.date_from:
            teams = teams.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.filters.date_from))
        if self.filters.date_to:
            teams = teams.filter(starts_on__lte=self.filters.date_to)
        if self.filters.theme:
            teams = teams.filter(theme=self.filters.theme)
        if self.filters.government:
            government = self.filters.government
            teams = teams.filter(
                Q(lead_government=government) | Q(member_governments=government)
            ).distinct()
        return teams

    def learnings(self):
        learnings = Learning.objects.published()
        if self.filters.date_from:
            learnings = learnings.filter(published_on__gte=self.filters.date_from)
        if self.filters.date_to:
            learnings = learnings.filter(published_on__lte=self.filters.date_to)
        if self.filters.theme:
            learnings = learnings.filter(themes=self.filters.theme)
        if self.filters.government:
            learnings = learnings.filter(government=self.filters.government)
        return learnings

    def governments(self):
        governments = Government.objects.active().order_by("name")
        if self.filters.government:
            governments = Government.objects.filter(pk=self.filters.government.pk)
        return governments


def counts_by(queryset, key):
    """How many distinct rows of ``queryset`` there are for each value of ``key``: one query."""
    # Without the model's ordering, which would join the grouping: translated models' querysets
    # (modeltranslation) apply their Meta.ordering as an explicit one.
    grouped = queryset.order_by().values_list(key)
    return Counter(dict(grouped.annotate(total=Count("pk", distinct=True))))


def labels(choices):
    """The labels of ``choices`` by value, translated once: a report may write them on
    thousands of rows."""
    return {value: str(label) for value, label in choices}


def percent(part, whole):
    """``part`` as a percentage of ``whole`` to one decimal, or None when there is no whole."""
    return None if not whole else (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))
