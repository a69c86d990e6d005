"""The innovation teams report: each team's members and deliverables."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itp.common.exporting.tables import DATE, TEXT, Column, Section
from teams.models import Deliverable, Membership

from .base import Report, labels


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
                        kinds[deliverable.kind],
                        deliverable.due_on,
                        statuses[deliverable.status],
                        overdue if deliverable.is_overdue_on(today) else "",
                        visibilities[deliverable.visibility],
                    )
                    for deliverable in deliverables.iterator(chunk_size=2000)
                ),
            ),
        ]
