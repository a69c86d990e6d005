"""What each report contains: its sections, their columns and their rows.

A report is built from validated filters into sections; the rows of a section are an iterator,
so the exporters can stream a report of any size without holding it in memory. Every count
per government is one grouped query, so a report costs the same number of queries for ten
governments or three hundred.
"""

from collections import Counter, defaultdict
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from itp.common.exceptions import Refused
from itp.common.exporting.tables import DATE, DECIMAL, INTEGER, PERCENT, TEXT, Column, Section
from itp.models import Learning
from itp.reports.filters import ReportFilters, event_day
from itp.site.charts import bar_chart
from regions.models import Government, Person
from teams.models import Deliverable, InnovationTeam, Membership, Secondment
from workshops.models import Event, Registration

# A printed section with more columns than this gets landscape pages.
PORTRAIT_COLUMNS = 6


def displayed(sections):
    """The sections as a page or a PDF shows them: rows read once, the shown columns only,
    each cell with its column (for its header and kind) and marked as a number (aligned right)
    or not, the chart drawn from the rows, and ``wide`` for a table that needs landscape
    paper."""
    shown = []
    for section in sections:
        rows = list(section.rows)
        indexes = [index for index, column in enumerate(section.columns) if column.shown]
        columns = [section.columns[index] for index in indexes]
        cells = [
            [
                {
                    "value": row[index],
                    "column": section.columns[index],
                    "numeric": section.columns[index].numeric,
                }
                for index in indexes
            ]
            for row in rows
        ]
        shown.append(
            {
                "section": section,
                "columns": columns,
                "rows": rows,
                "cells": cells,
                "chart": section_chart(section, rows),
                "wide": len(columns) > PORTRAIT_COLUMNS,
            }
        )
    return shown


def section_chart(section, rows):
    """The section's bar chart drawn from its rows, or None for a section without one."""
    if section.chart is None:
        return None
    label, value = section.chart["label"], section.chart["value"]
    return bar_chart(section.title, [(row[label], row[value]) for row in rows])


class ReportNeedsAnEvent(Refused, ValueError):
    """The attendance report was asked for without an event."""


class Report:
    do_not_call_in_templates = True  # templates use the class for its name and title
    name = ""
    title = ""
    description = ""
    print_template = "reports/report_print.html"
    pdf_label = "PDF"  # the PDF's download link
    # The filters the report honours, in the order its form shows them; the form has no
    # others, and download links carry no others.
    filter_names = ("date_from", "date_to", "government", "theme")

    def __init__(self, filters):
        self.filters = filters
        self.generated_at = timezone.now()

    def sections(self):
        raise NotImplementedError

    def filename(self, extension):
        return f"itp-{self.name}-{self.generated_at:%Y-%m-%d}.{extension}"

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


def _counts(queryset, key):
    return Counter(dict(queryset.values_list(key).annotate(total=Count("pk", distinct=True))))


def _rate(part, whole):
    return None if not whole else (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def _secondment_days_by(secondments, key):
    days = defaultdict(int)
    for government_id, starts_on, ends_on in secondments.values_list(key, "starts_on", "ends_on"):
        days[government_id] += (ends_on - starts_on).days + 1
    return days


class ParticipationFigures:
    """Per-government activity counts, each one grouped query."""

    def __init__(self, report):
        registrations = report.registrations()
        held = registrations.filter(status__in=Registration.Status.holding_seat)
        attended = registrations.filter(status=Registration.Status.ATTENDED)
        secondments = report.secondments()
        memberships = Membership.objects.filter(team__in=report.teams())
        self.people = _counts(Person.objects.all(), "government")
        self.registrations = _counts(registrations, "person__government")
        self.participants = Counter(
            dict(
                registrations.values_list("person__government").annotate(
                    total=Count("person", distinct=True)
                )
            )
        )
        self.seats = _counts(held, "person__government")
        self.attended = _counts(attended, "person__government")
        self.events_attended = Counter(
            dict(
                attended.values_list("person__government").annotate(
                    total=Count("event", distinct=True)
                )
            )
        )
        self.memberships = _counts(memberships, "person__government")
        self.secondments_out = _counts(secondments, "home_government")
        self.secondments_in = _counts(secondments, "host_government")
        self.secondment_days_out = _secondment_days_by(secondments, "home_government")
        self.events_hosted = _counts(report.events(), "host_government")
        # A team counts once for each government that leads it or belongs to it.
        taking_part = set()
        for team, lead, member in report.teams().values_list(
            "pk", "lead_government", "member_governments"
        ):
            taking_part.add((team, lead))
            if member is not None:
                taking_part.add((team, member))
        self.teams = Counter(government for _team, government in taking_part)
        self.learnings = _counts(report.learnings(), "government")


class ProgrammeSummary(Report):
    name = "programme-summary"
    title = _("Programme summary")
    description = _("The programme's figures and its activity, by government.")

    def sections(self):
        figures = ParticipationFigures(self)
        governments = list(self.governments())
        by_government = [
            (
                government.name,
                government.population,
                government.gdp_billion_usd,
                government.emissions_mt_co2e,
                government.industry_share_percent,
                figures.events_hosted[government.pk],
                figures.participants[government.pk],
                figures.registrations[government.pk],
                _rate(figures.attended[government.pk], figures.seats[government.pk]),
                figures.teams[government.pk],
                figures.secondments_out[government.pk],
                figures.secondment_days_out[government.pk],
                figures.learnings[government.pk],
            )
            for government in governments
        ]
        events = self.events()
        registrations = self.registrations()
        seats = registrations.filter(status__in=Registration.Status.holding_seat).count()
        attended = registrations.filter(status=Registration.Status.ATTENDED).count()
        deliverables = Deliverable.objects.filter(team__in=self.teams())
        secondments = self.secondments()
        kinds = dict(Event.Kind.choices)
        statuses = dict(Deliverable.Status.choices)
        today = timezone.localdate()
        team_statuses = Counter(
            InnovationTeam(starts_on=starts_on, ends_on=ends_on).status_on(today)
            for starts_on, ends_on in self.teams().values_list("starts_on", "ends_on")
        )
        return [
            Section(
                _("Activity"),
                [Column(_("Measure"), TEXT, 34), Column(_("Value"), DECIMAL, 14)],
                [
                    (_("Events held"), events.filter(ends_at__lte=timezone.now()).count()),
                    (_("Registrations"), registrations.count()),
                    (_("Attendance rate (%)"), _rate(attended, seats)),
                    (_("Teams"), self.teams().count()),
                    (_("Overdue deliverables"), deliverables.overdue(today).count()),
                    (_("Secondments"), secondments.count()),
                    (
                        _("Secondment-days"),
                        sum(_secondment_days_by(secondments, "home_government").values()),
                    ),
                    (_("Learnings published"), self.learnings().count()),
                ],
            ),
            Section(
                _("Events by kind"),
                [Column(_("Kind"), TEXT, 24), Column(_("Events"), INTEGER, 10)],
                [
                    (kinds[kind], total)
                    for kind, total in events.values_list("kind")
                    .annotate(total=Count("pk"))
                    .order_by("kind")
                ],
                chart={"label": 0, "value": 1},
            ),
            Section(
                _("Teams by status"),
                [Column(_("Status"), TEXT, 24), Column(_("Teams"), INTEGER, 10)],
                [(label, team_statuses[status]) for status, label in InnovationTeam.Status.choices],
                chart={"label": 0, "value": 1},
            ),
            Section(
                _("Deliverables by status"),
                [Column(_("Status"), TEXT, 24), Column(_("Deliverables"), INTEGER, 14)],
                [
                    (statuses[status], total)
                    for status, total in deliverables.values_list("status")
                    .annotate(total=Count("pk"))
                    .order_by("status")
                ],
                chart={"label": 0, "value": 1},
            ),
            Section(
                _("By government"),
                [
                    Column(_("Government"), TEXT, 24),
                    Column(_("Population"), INTEGER, 14),
                    Column(_("GDP (bn USD)"), DECIMAL, 12),
                    Column(_("Emissions (Mt CO2e)"), DECIMAL, 12),
                    Column(_("Industry share (%)"), PERCENT, 10),
                    Column(_("Events hosted"), INTEGER, 10),
                    Column(_("Participants"), INTEGER, 12),
                    Column(_("Registrations"), INTEGER, 12),
                    Column(_("Attendance rate (%)"), PERCENT, 12),
                    Column(_("Teams"), INTEGER, 8),
                    Column(_("Secondments out"), INTEGER, 12),
                    Column(_("Secondment-days"), INTEGER, 12),
                    Column(_("Learnings"), INTEGER, 10),
                ],
                by_government,
                chart={"label": 0, "value": 6},  # participants
            ),
        ]


class Participation(Report):
    name = "participation"
    title = _("Participation")
    description = _(
        "Per government: people, registrations, attendance, team memberships and secondments."
    )

    def sections(self):
        figures = ParticipationFigures(self)
        secondments = self.secondments()
        days_in = _secondment_days_by(secondments, "host_government")
        return [
            Section(
                _("Participation by government"),
                [
                    Column(_("Government"), TEXT, 24),
                    Column(_("People"), INTEGER, 8),
                    Column(_("Registrations"), INTEGER, 12),
                    Column(_("Attended"), INTEGER, 10),
                    Column(_("Attendance rate (%)"), PERCENT, 12),
                    Column(_("Events attended"), INTEGER, 12),
                    Column(_("Team memberships"), INTEGER, 12),
                    Column(_("Secondments out"), INTEGER, 12),
                    Column(_("Secondments in"), INTEGER, 12),
                    Column(_("Secondment-days out"), INTEGER, 14),
                    Column(_("Secondment-days in"), INTEGER, 14),
                ],
                [
                    (
                        government.name,
                        figures.people[government.pk],
                        figures.registrations[government.pk],
                        figures.attended[government.pk],
                        _rate(figures.attended[government.pk], figures.seats[government.pk]),
                        figures.events_attended[government.pk],
                        figures.memberships[government.pk],
                        figures.secondments_out[government.pk],
                        figures.secondments_in[government.pk],
                        figures.secondment_days_out[government.pk],
                        days_in[government.pk],
                    )
                    for government in self.governments()
                ],
                chart={"label": 0, "value": 2},
            )
        ]


class Attendance(Report):
    name = "attendance"
    title = _("Attendance")
    description = _(
        "Who holds a seat at one event, by government, and who is on its waitlist; "
        "the PDF is a sign-in sheet."
    )
    filter_names = ("event", "government")
    print_template = "reports/attendance_print.html"
    pdf_label = _("PDF sign-in sheet")

    def filename(self, extension):
        """Named after the event and its day at the venue:
        attendance-itp-kick-off-workshop-milan-2019-04-09.csv."""
        event = self.filters.event
        if event is None:
            return super().filename(extension)
        title = slugify(event.title)[:80].rstrip("-") or event.slug
        return f"attendance-{title}-{event_day(event):%Y-%m-%d}.{extension}"

    def sections(self):
        event = self.filters.event
        if event is None:
            raise ReportNeedsAnEvent(_("Choose an event for the attendance report."))
        registrations = Registration.objects.filter(event=event).select_related(
            "person__government", "person__organisation"
        )
        government = self.filters.government
        seat_holders = registrations.filter(status__in=Registration.Status.holding_seat).order_by(
            F("person__government__name").asc(nulls_last=True), "person__name", "pk"
        )
        if government:
            seat_holders = seat_holders.filter(person__government=government)
        # The place in the queue counts everyone waiting, whatever the government filter.
        waitlist = (
            registrations.filter(status=Registration.Status.WAITLISTED)
            .with_waitlist_place()
            .order_by("waitlist_order")
        )
        if government:
            waitlist = waitlist.filter(person__government=government)
        statuses = dict(Registration.Status.choices)
        day = event_day(event)
        # The event is in the file's name and the page's heading; each row carries it too, so
        # that lists of several events can be put together into one table.
        event_columns = [
            Column(_("Event"), TEXT, 34, shown=False),
            Column(_("Event date"), DATE, 12, shown=False),
        ]
        return [
            Section(
                _("Seat holders"),
                [
                    *event_columns,
                    Column(_("Name"), TEXT, 28),
                    Column(_("Government"), TEXT, 22),
                    Column(_("Organisation"), TEXT, 26),
                    Column(_("Job title"), TEXT, 30),
                    Column(_("Status"), TEXT, 12),
                ],
                (
                    (
                        event.title,
                        day,
                        *_person_columns(registration.person),
                        statuses[registration.status],
                    )
                    for registration in seat_holders.iterator(chunk_size=2000)
                ),
            ),
            Section(
                _("Waitlist"),
                [
                    *event_columns,
                    Column(_("Place"), INTEGER, 8),
                    Column(_("Name"), TEXT, 28),
                    Column(_("Government"), TEXT, 22),
                    Column(_("Organisation"), TEXT, 26),
                    Column(_("Job title"), TEXT, 30),
                ],
                (
                    (
                        event.title,
                        day,
                        registration.waitlist_place,
                        *_person_columns(registration.person),
                    )
                    for registration in waitlist
                ),
            ),
        ]

    def print_context(self, sections):
        """The sign-in sheet: the seat holders under a heading per government (people of no
        government last, under "Other organisations"), numbered for counting, and the
        waitlist apart at the end."""
        seat_rows, waitlist_rows = (list(section.rows) for section in sections)
        groups, number = [], 0
        for government, rows in groupby(seat_rows, key=lambda row: row[3]):
            people = []
            for _event, _day, name, _government, organisation, job_title, _status in rows:
                number += 1
                people.append(
                    {
                        "number": number,
                        "name": name,
                        "organisation": organisation,
                        "job_title": job_title,
                    }
                )
            groups.append({"heading": government or _("Other organisations"), "people": people})
        waitlist = [
            {
                "place": place,
                "name": name,
                "affiliation": government or organisation,
                "job_title": job_title,
            }
            for _event, _day, place, name, government, organisation, job_title in waitlist_rows
        ]
        event = self.filters.event
        return {
            "report": self,
            "event": event,
            "first_day": event_day(event),
            "last_day": event_day(event, event.ends_at),
            "seat_holders": number,
            "groups": groups,
            "waitlist": waitlist,
        }


def _person_columns(person):
    """A person's name, government, organisation and job title, as an attendance row has them."""
    return (
        person.name,
        person.government.name if person.government else "",
        person.organisation.name if person.organisation else "",
        person.job_title,
    )


class Teams(Report):
    name = "teams"
    title = _("Innovation teams")
    description = _("Per team: members, and deliverables with status and due date.")

    def sections(self):
        teams = self.teams()
        memberships = (
            Membership.objects.filter(team__in=teams)
            .select_related("team", "person__government", "person__organisation")
            .order_by("team__name", "role", "person__name")
        )
        deliverables = (
            Deliverable.objects.filter(team__in=teams)
            .select_related("team")
            .order_by("team__name", "due_on", "title")
        )
        today = timezone.localdate()
        roles = dict(Membership.Role.choices)
        statuses = dict(Deliverable.Status.choices)
        return [
            Section(
                _("Members"),
                [
                    Column(_("Team"), TEXT, 30),
                    Column(_("Name"), TEXT, 24),
                    Column(_("Role"), TEXT, 18),
                    Column(_("Government or organisation"), TEXT, 26),
                    Column(_("From"), DATE, 12),
                    Column(_("To"), DATE, 12),
                ],
                (
                    (
                        membership.team.name,
                        membership.person.name,
                        roles[membership.role],
                        str(membership.person.affiliation or ""),
                        membership.started_on,
                        membership.ended_on,
                    )
                    for membership in memberships.iterator(chunk_size=2000)
                ),
            ),
            Section(
                _("Deliverables"),
                [
                    Column(_("Team"), TEXT, 30),
                    Column(_("Deliverable"), TEXT, 34),
                    Column(_("Kind"), TEXT, 12),
                    Column(_("Due"), DATE, 12),
                    Column(_("Status"), TEXT, 12),
                    Column(_("Overdue"), TEXT, 9),
                    Column(_("Visibility"), TEXT, 11),
                ],
                (
                    (
                        deliverable.team.name,
                        deliverable.title,
                        deliverable.get_kind_display(),
                        deliverable.due_on,
                        statuses[deliverable.status],
                        _("overdue") if deliverable.is_overdue_on(today) else "",
                        deliverable.get_visibility_display(),
                    )
                    for deliverable in deliverables.iterator(chunk_size=2000)
                ),
            ),
        ]


class Secondments(Report):
    name = "secondments"
    title = _("Secondment register")
    description = _("Every approved, under way and completed secondment.")

    def sections(self):
        secondments = (
            self.secondments()
            .select_related(
                "person", "home_government", "host_government", "host_organisation", "theme"
            )
            .order_by("starts_on", "person__name")
        )
        statuses = dict(Secondment.Status.choices)
        return [
            Section(
                _("Secondments"),
                [
                    Column(_("Person"), TEXT, 24),
                    Column(_("Home government"), TEXT, 22),
                    Column(_("Host"), TEXT, 24),
                    Column(_("Starts"), DATE, 12),
                    Column(_("Ends"), DATE, 12),
                    Column(_("Days"), INTEGER, 8),
                    Column(_("Status"), TEXT, 12),
                    Column(_("Theme"), TEXT, 30),
                ],
                (
                    (
                        secondment.person.name,
                        secondment.home_government.name,
                        str(secondment.host),
                        secondment.starts_on,
                        secondment.ends_on,
                        secondment.duration_days,
                        statuses[secondment.status],
                        secondment.theme.name if secondment.theme else "",
                    )
                    for secondment in secondments.iterator(chunk_size=2000)
                ),
            )
        ]


REPORTS = {
    report.name: report
    for report in (ProgrammeSummary, Participation, Attendance, Teams, Secondments)
}


class SelectionExport(Report):
    """Rows chosen in the admin, exported with the same exporters as the reports."""

    def __init__(self, queryset):
        super().__init__(ReportFilters())
        self.queryset = queryset


class PeopleExport(SelectionExport):
    name = "people"
    title = _("People")

    def sections(self):
        people = self.queryset.select_related("government", "organisation").order_by("name")
        kinds = dict(Person.Kind.choices)
        return [
            Section(
                _("People"),
                [
                    Column(_("Name"), TEXT, 26),
                    Column(_("E-mail"), TEXT, 32),
                    Column(_("Kind"), TEXT, 22),
                    Column(_("Job title"), TEXT, 30),
                    Column(_("Government"), TEXT, 22),
                    Column(_("Organisation"), TEXT, 22),
                    Column(_("Listed publicly"), TEXT, 10),
                ],
                (
                    (
                        person.name,
                        person.email,
                        kinds[person.kind],
                        person.job_title,
                        person.government.name if person.government else "",
                        person.organisation.name if person.organisation else "",
                        _("yes") if person.consents_to_public_listing else _("no"),
                    )
                    for person in people.iterator(chunk_size=2000)
                ),
            )
        ]


class RegistrationsExport(SelectionExport):
    name = "registrations"
    title = _("Registrations")

    def values(self):
        """The export's columns as plain values, in order. Values rather than model instances:
        five objects per row would cost more than the export itself."""
        registrations = self.queryset.with_waitlist_place()
        return registrations.order_by("event__starts_at", "person__name").values_list(
            "event__title",
            "event__starts_at",
            "person__name",
            "person__email",
            "person__government__name",
            "person__organisation__name",
            "status",
            "waitlist_place",
            "created_at",
        )

    def sections(self):
        rows = self.values()
        statuses = {value: str(label) for value, label in Registration.Status.choices}
        zone = timezone.get_current_timezone()
        return [
            Section(
                _("Registrations"),
                [
                    Column(_("Event"), TEXT, 34),
                    Column(_("Event date"), DATE, 12),
                    Column(_("Name"), TEXT, 26),
                    Column(_("E-mail"), TEXT, 32),
                    Column(_("Government"), TEXT, 22),
                    Column(_("Organisation"), TEXT, 22),
                    Column(_("Status"), TEXT, 12),
                    Column(_("Waitlist place"), INTEGER, 10),
                    Column(_("Registered at"), DATE, 18),
                ],
                (
                    (
                        title,
                        starts_at.date(),
                        name,
                        email,
                        government or "",
                        organisation or "",
                        statuses[status],
                        waitlist_place,
                        created_at.astimezone(zone).replace(tzinfo=None),
                    )
                    for (
                        title,
                        starts_at,
                        name,
                        email,
                        government,
                        organisation,
                        status,
                        waitlist_place,
                        created_at,
                    ) in rows.iterator(chunk_size=5000)
                ),
            )
        ]
