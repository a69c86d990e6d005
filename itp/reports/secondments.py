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
        # Rows read as values, not as objects: a large programme has thousands.
        secondments = (
            self.secondments()
            .order_by("starts_on", "person__name")
            .values_list(
                "person__name",
                "home_government__name",
                "host_government__name",
                "host_organisation__name",
                "starts_on",
                "ends_on",
                "status",
                "theme__name",
            )
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
                    _register_row(*values, statuses)
                    for values in secondments.iterator(chunk_size=2000)
                ),
            )
        ]


def _register_row(
    person, home, host_government, host_organisation, starts_on, ends_on, status, theme, statuses
):
    """A row of the register from a secondment's values: the host is a government or an
    organisation, the days count both ends (as ``Secondment.host`` and ``duration_days``)."""
    return (
        person,
        home,
        host_government or host_organisation,
        starts_on,
        ends_on,
        (ends_on - starts_on).days + 1,
        statuses[status],
        theme or "",
    )
