"""The participation report: per government, people, registrations, attendance, team
memberships and secondments."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itp.common.exporting.tables import INTEGER, PERCENT, TEXT, Column, Section
from itp.site.charts import other_governments

from .base import Report, percent
from .figures import GovernmentFigures


class Participation(Report):
    name = "participation"
    title = _("Participation")
    description = _(
        "Per government: people, registrations, attendance, team memberships and secondments."
    )

    def sections(self):
        figures = GovernmentFigures(self)
        return [
            Section(
                _("Participation by government"),
                [
                    Column(_("Government"), TEXT, 24),
                    Column(_("People"), INTEGER, 8),
                    Column(_("Registrations"), INTEGER, 12),
                    Column(pgettext_lazy("people who attended", "Attended"), INTEGER, 10),
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
                        figures.secondment_days_in[government.pk],
                    )
                    for government in self.governments()
                ],
                chart={"label": 0, "value": 2, "others": other_governments},
            )
        ]
