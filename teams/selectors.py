"""Reads of teams and secondments that pages share, each a fixed number of queries."""

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils import timezone

from .models import Deliverable, InnovationTeam, Membership, Secondment

PERSON_WITH_AFFILIATION = ("person__government", "person__organisation")

# Members are listed lead first, then members, expert advisers and coaches.
ROLE_ORDER = Case(
    *(When(role=role, then=Value(position)) for position, role in enumerate(Membership.Role)),
    output_field=IntegerField(),
)


def teams_for_list():
    """Every team with its theme and governments, for the teams list."""
    return InnovationTeam.objects.select_related("theme", "lead_government").prefetch_related(
        "member_governments"
    )


def teams_for_page():
    """Teams with their governments, current members and all deliverables prefetched.

    Team-only deliverables are included: the view decides who may see them.
    """
    today = timezone.localdate()
    members = (
        Membership.objects.current(today)
        .select_related(*PERSON_WITH_AFFILIATION)
        .order_by(ROLE_ORDER, "person__name")
    )
    return teams_for_list().prefetch_related(
        Prefetch("memberships", queryset=members, to_attr="current_memberships"),
        Prefetch("deliverables", queryset=Deliverable.objects.order_by("due_on", "title")),
    )


def sees_team_only_deliverables(*, user, team):
    """Whether ``user`` may see the team's team-only deliverables.

    Current members of the team may, and so may users with the permission for it (the
    programme staff); nobody else, whatever else they may see.
    """
    if not user.is_authenticated:
        return False
    if user.has_perm("teams.view_team_only_deliverable"):
        return True
    return Membership.objects.current().filter(team=team, person__user=user).exists()


def teams_of(person):
    """The teams ``person`` is a current member of, with every deliverable, for /me/."""
    today = timezone.localdate()
    return (
        Membership.objects.current(today)
        .filter(person=person)
        .select_related("team__theme", "team__lead_government")
        .prefetch_related(
            Prefetch("team__deliverables", queryset=Deliverable.objects.order_by("due_on", "title"))
        )
        .order_by("team__name")
    )


def public_secondments():
    """Approved, under way and completed secondments with everything the list shows."""
    return Secondment.objects.public().select_related(
        "person",
        "home_government",
        "host_government",
        "host_organisation",
        "theme",
        "team",
    )


def secondments_of(person):
    """All of ``person``'s secondments, whatever their status, latest first."""
    return (
        Secondment.objects.filter(person=person)
        .select_related("home_government", "host_government", "host_organisation", "theme")
        .order_by("-starts_on")
    )


def government_secondment_prefetches():
    """Prefetches of a government's public secondments out and in, for its profile."""
    secondments = public_secondments().order_by("-starts_on")
    return (
        Prefetch("secondments_out", queryset=secondments, to_attr="public_secondments_out"),
        Prefetch("secondments_in", queryset=secondments, to_attr="public_secondments_in"),
    )


def secondments_awaiting_approval():
    """Proposed secondments, the soonest to start first, with the person, their home and
    their host loaded: the admin index lists them for the staff to approve or turn down."""
    return (
        Secondment.objects.filter(status=Secondment.Status.PROPOSED)
        .select_related("person", "home_government", "host_government", "host_organisation")
        .order_by("starts_on", "pk")
    )


def overdue_deliverables(today=None):
    """Deliverables past their due date and not done, the longest overdue first, with their
    team loaded (see ``DeliverableQuerySet.overdue``)."""
    return Deliverable.objects.overdue(today).select_related("team").order_by("due_on", "title")
