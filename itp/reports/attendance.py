"""The attendance report: who holds a seat at one event and who waits; its PDF is a sign-in
sheet."""

from itertools import groupby

from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from itp.common.exporting.tables import DATE, INTEGER, TEXT, Column, Section
from workshops.models import Mode, Registration

from .base import Report, ReportNeedsAnEvent, labels
from .filters import event_day


class Attendance(Report):
    name = "attendance"
    title = _("Attendance")
    description = _(
        "Who holds a seat at one event, by government, who is on its waitlists and whose "
        "request awaits approval, each with how they take part; the PDF is a sign-in sheet."
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
        pending = registrations.filter(status=Registration.Status.PENDING).order_by("created_at")
        if government:
            pending = pending.filter(person__government=government)
        modes = labels(Mode.choices)
        statuses = labels(Registration.Status.choices)
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
                    Column(_("Mode"), TEXT, 10),
                ],
                (
                    (
                        event.title,
                        day,
                        *_person_columns(registration.person),
                        statuses[registration.status],
                        modes[registration.mode],
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
                    Column(_("Mode"), TEXT, 10),
                ],
                (
                    (
                        event.title,
                        day,
                        registration.waitlist_place,
                        *_person_columns(registration.person),
                        modes[registration.mode],
                    )
                    for registration in waitlist
                ),
            ),
            Section(
                _("Awaiting approval"),
                [
                    *event_columns,
                    Column(_("Name"), TEXT, 28),
                    Column(_("Government"), TEXT, 22),
                    Column(_("Organisation"), TEXT, 26),
                    Column(_("Job title"), TEXT, 30),
                    Column(_("Mode"), TEXT, 10),
                ],
                ((event.title, day, *_person_columns(r.person), modes[r.mode]) for r in pending),
            ),
        ]

    def print_context(self, sections):
        """The sign-in sheet: the seat holders under a heading per government (people of no
        government last, under "Other organisations"), numbered for counting, and the
        waitlist apart at the end."""
        seat_rows, waitlist_rows = (list(section.rows) for section in sections[:2])
        groups, number = [], 0
        for government, rows in groupby(seat_rows, key=lambda row: row[3]):
            people = []
            for _event, _day, name, _government, organisation, job_title, _status, _mode in rows:
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
            for _event, _day, place, name, government, organisation, job_title, _mode in (
                waitlist_rows
            )
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
