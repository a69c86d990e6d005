"""The attendance report: who holds a seat at one event and who waits, with their answers to
the event's registration questions; its PDF is a sign-in sheet."""

from itertools import groupby

from django.db.models import F, Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from itp.common.exporting.tables import DATE, INTEGER, TEXT, Column, Section
from workshops.models import Answer, Mode, Registration

from .base import Report, ReportNeedsAnEvent, labels
from .filters import event_day


class Attendance(Report):
    name = "attendance"
    title = _("Attendance")
    description = _(
        "Who holds a seat at one event, by government, who is on its waitlists and whose "
        "request awaits approval, each with how they take part and their answers to the "
        "event's questions; the PDF is a sign-in sheet."
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
        questions = list(event.questions.all())
        registrations = Registration.objects.filter(event=event).select_related(
            "person__government", "person__organisation"
        )
        if questions:
            # With the registrations, a chunk of rows at a time: one query per chunk.
            registrations = registrations.prefetch_related(
                Prefetch(
                    "answers", queryset=Answer.objects.only("registration", "question", "value")
                )
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
        # One column per question, after the person's: what staff need to prepare the event.
        question_columns = [Column(question.label, TEXT, 24) for question in questions]
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
                    *question_columns,
                ],
                (
                    (
                        event.title,
                        day,
                        *_person_columns(registration.person),
                        statuses[registration.status],
                        modes[registration.mode],
                        *_answer_columns(registration, questions),
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
                    *question_columns,
                ],
                (
                    (
                        event.title,
                        day,
                        registration.waitlist_place,
                        *_person_columns(registration.person),
                        modes[registration.mode],
                        *_answer_columns(registration, questions),
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
        seat_section, waitlist_section = sections[:2]
        seat_rows, waitlist_rows = list(seat_section.rows), list(waitlist_section.rows)
        # The questions' columns follow the eight of a seat row and of a waitlist row.
        questions = [column.header for column in seat_section.columns[8:]]
        groups, number = [], 0
        for government, rows in groupby(seat_rows, key=lambda row: row[3]):
            people = []
            for row in rows:
                _event, _day, name, _government, organisation, job_title, _status, _mode = row[:8]
                number += 1
                people.append(
                    {
                        "number": number,
                        "name": name,
                        "organisation": organisation,
                        "job_title": job_title,
                        "answers": _answered(questions, row[8:]),
                    }
                )
            groups.append({"heading": government or _("Other organisations"), "people": people})
        waitlist = []
        for row in waitlist_rows:
            _event, _day, place, name, government, organisation, job_title, _mode = row[:8]
            waitlist.append(
                {
                    "place": place,
                    "name": name,
                    "affiliation": government or organisation,
                    "job_title": job_title,
                    "answers": _answered(questions, row[8:]),
                }
            )
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


def _answer_columns(registration, questions):
    """The registration's answers, one cell per question of the event ("" when unanswered)."""
    if not questions:
        return ()
    given = {answer.question_id: answer.value for answer in registration.answers.all()}
    return tuple(
        question.display(given[question.pk]) if question.pk in given else ""
        for question in questions
    )


def _answered(questions, cells):
    """(question, answer) for the questions a person answered, for the sign-in sheet."""
    return [(question, answer) for question, answer in zip(questions, cells, strict=True) if answer]


def _person_columns(person):
    """A person's name, government, organisation and job title, as an attendance row has them."""
    return (
        person.name,
        person.government.name if person.government else "",
        person.organisation.name if person.organisation else "",
        person.job_title,
    )
