"""The secondment register: every approved, under way and completed secondment."""

from django.utils.translation import gettext_lazy as _

from itp.common.exporting.tables import DATE, INTEGER, TEXT, Column, Section
from teams.models import Secondment

from .base import Report, labels


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
        statuses = labels(Secondment.Status.choices)
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
