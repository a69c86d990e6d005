"""The programme summary: the programme's activity, and its figures by government."""

from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itp.common.exporting.tables import DECIMAL, INTEGER, PERCENT, TEXT, Column, Section
from itp.site.charts import other_governments
from teams.models import Deliverable, InnovationTeam
from workshops.models import Event

from .base import Report, percent
from .figures import GovernmentFigures


class ProgrammeSummary(Report):
    name = "programme-summary"
    title = _("Programme summary")
    description = _("The programme's figures and its activity, by government.")

    def sections(self):
        figures = GovernmentFigures(self)
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
                percent(figures.attended[government.pk], figures.seats[government.pk]),
                figures.teams[government.pk],
                figures.secondments_out[government.pk],
                figures.secondment_days_out[government.pk],
                figures.learnings[government.pk],
            )
            for government in governments
        ]
        now = timezone.now()
        today = timezone.localdate()
        # Events by kind, and how many of them are over, in one grouped query.
        events_by_kind = list(
            self.events()
            .order_by("kind")
            .values_list("kind")
            .annotate(total=Count("pk"), held=Count("pk", filter=Q(ends_at__lte=now)))
        )
        deliverables = Deliverable.objects.filter(team__in=self.teams())
        kinds = dict(Event.Kind.choices)
        statuses = dict(Deliverable.Status.choices)
        team_statuses = Counter(
            InnovationTeam(starts_on=starts_on, ends_on=ends_on).status_on(today)
            for starts_on, ends_on in figures.team_dates.values()
        )
        # Every registration, secondment and learning belongs to one government's group (or
        # to None's), so the programme's totals are the sums of the groups.
        seats, attended = sum(figures.seats.values()), sum(figures.attended.values())
        return [
            Section(
                _("Activity"),
                [Column(_("Measure"), TEXT, 34), Column(_("Value"), DECIMAL, 14)],
                [
                    (_("Events held"), sum(held for _kind, _total, held in events_by_kind)),
                    (_("Registrations"), sum(figures.registrations.values())),
                    (_("Attendance rate (%)"), percent(attended, seats)),
                    (_("Teams"), len(figures.team_dates)),
                    (_("Overdue deliverables"), deliverables.overdue(today).count()),
                    (_("Secondments"), figures.secondments),
                    (_("Secondment-days"), sum(figures.secondment_days_out.values())),
                    (_("Learnings published"), sum(figures.learnings.values())),
                ],
            ),
            Section(
                _("Events by kind"),
                [Column(_("Kind"), TEXT, 24), Column(_("Events"), INTEGER, 10)],
                [(kinds[kind], total) for kind, total, _held in events_by_kind],
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
                chart={"label": 0, "value": 6, "others": other_governments},  # participants
            ),
        ]
