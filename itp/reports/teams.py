"""The innovation teams report: each team's members and deliverables."""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itp.common.exporting.tables import DATE, TEXT, Column, Section
from teams.models import Deliverable, Membership

from .base import Report, labels


class Teams(Report):
    name = "teams"
    title = _("Innovation teams")
    description = _("Per team: members, and deliverables with status and due date.")

    def sections(self):
        teams = self.teams()
        # Rows read as values, not as objects: an unfiltered report has thousands.
        memberships = (
            Membership.objects.filter(team__in=teams)
            .order_by("team__name", "role", "person__name")
            .values_list(
                "team__name",
                "person__name",
                "role",
                "person__government__name",
                "person__organisation__name",
                "started_on",
                "ended_on",
            )
        )
        today = timezone.localdate()
        overdue_ones = Deliverable.objects.overdue(today).filter(pk=OuterRef("pk"))
        deliverables = (
            Deliverable.objects.filter(team__in=teams)
            .order_by("team__name", "due_on", "title")
            .annotate(overdue=Exists(overdue_ones))
            .values_list("team__name", "title", "kind", "due_on", "status", "overdue", "visibility")
        )
        roles = labels(Membership.Role.choices)
        statuses = labels(Deliverable.Status.choices)
        kinds = labels(Deliverable.Kind.choices)
        visibilities = labels(Deliverable.Visibility.choices)
        overdue = str(_("overdue"))
        return [
            Section(
                _("Members"),
                [
                    Column(_("Team"), TEXT, 30),
                    Column(_("Name"), TEXT, 24),
                    Column(_("Role"), TEXT, 18),
                    Column(_("Government or organisation"), TEXT, 26),
                    Column(pgettext_lazy("date range", "From"), DATE, 12),
                    Column(pgettext_lazy("date range", "To"), DATE, 12),
                ],
                (
                    # The person's affiliation: their government, else their organisation.
                    (team, name, roles[role], government or organisation or "", started, ended)
                    for team, name, role, government, organisation, started, ended in (
                        memberships.iterator(chunk_size=2000)
                    )
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
                        team,
                        title,
                        kinds[kind],
                        due_on,
                        statuses[status],
                        overdue if is_overdue else "",
                        visibilities[visibility],
                    )
                    for team, title, kind, due_on, status, is_overdue, visibility in (
                        deliverables.iterator(chunk_size=2000)
                    )
                ),
            ),
        ]
