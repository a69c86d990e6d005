"""The participation report: per government, people, registrations, attendance, team
memberships and secondments; its figures also feed the programme summary."""

from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from itp.common.exporting.tables import INTEGER, PERCENT, TEXT, Column, Section
from itp.site.charts import other_governments
from regions.models import Person
from teams.models import Membership
from workshops.models import Registration

from .base import Report, counts_by, percent, secondment_days_by


class ParticipationFigures:
    """Per-government activity counts, each one grouped query."""

    def __init__(self, report):
        registrations = report.registrations()
        held = registrations.filter(status__in=Registration.Status.holding_seat)
        attended = registrations.filter(status=Registration.Status.ATTENDED)
        secondments = report.secondments()
        memberships = Membership.objects.filter(team__in=report.teams())
        self.people = counts_by(Person.objects.all(), "government")
        self.registrations = counts_by(registrations, "person__government")
        self.participants = Counter(
            dict(
                registrations.values_list("person__government").annotate(
                    total=Count("person", distinct=True)
                )
            )
        )
        self.seats = counts_by(held, "person__government")
        self.attended = counts_by(attended, "person__government")
        self.events_attended = Counter(
            dict(
                attended.values_list("person__government").annotate(
                    total=Count("event", distinct=True)
                )
            )
        )
        self.memberships = counts_by(memberships, "person__government")
        self.secondments_out = counts_by(secondments, "home_government")
        self.secondments_in = counts_by(secondments, "host_government")
        self.secondment_days_out = secondment_days_by(secondments, "home_government")
        self.events_hosted = counts_by(report.events(), "host_government")
        # A team counts once for each government that leads it or belongs to it.
        taking_part = set()
        for team, lead, member in report.teams().values_list(
            "pk", "lead_government", "member_governments"
        ):
            taking_part.add((team, lead))
            if member is not None:
                taking_part.add((team, member))
        self.teams = Counter(government for _team, government in taking_part)
        self.learnings = counts_by(report.learnings(), "government")


class Participation(Report):
    name = "participation"
    title = _("Participation")
    description = _(
        "Per government: people, registrations, attendance, team memberships and secondments."
    )

    def sections(self):
        figures = ParticipationFigures(self)
        secondments = self.secondments()
        days_in = secondment_days_by(secondments, "host_government")
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
                        percent(figures.attended[government.pk], figures.seats[government.pk]),
                        figures.events_attended[government.pk],
                        figures.memberships[government.pk],
                        figures.secondments_out[government.pk],
                        figures.secondments_in[government.pk],
                        figures.secondment_days_out[government.pk],
                        days_in[government.pk],
                    )
                    for government in self.governments()
                ],
                chart={"label": 0, "value": 2, "others": other_governments},
            )
        ]
