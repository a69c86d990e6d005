"""Writes to innovation teams, memberships, deliverables and secondments.

Every function here is one transaction. A secondment step that can create an overlap locks the
person's row first (``SELECT ... FOR UPDATE``), so two staff approving overlapping secondments of
one person at the same moment end with one of them approved.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itp.common.exceptions import Refused
from regions.models import Person

from .models import Deliverable, Membership, Secondment


class TeamChangeRefused(Refused):
    """A membership or deliverable change that the team's records do not allow."""


class SecondmentStepRefused(Refused):
    """A secondment lifecycle step that is not allowed from the secondment's status."""


def add_membership(*, team, person, role=Membership.Role.MEMBER, started_on=None):
    """Add ``person`` to ``team`` with ``role`` from ``started_on`` (default: today).

    Returns the new membership. Raises TeamChangeRefused when the person is already a member
    at that time or the team has ended by then.
    """
    started_on = started_on or timezone.localdate()
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        if team.has_ended_by(started_on):
            raise TeamChangeRefused(_("The team has ended by then."))
        overlapping = Membership.objects.overlapping(
            team=team, person=person, starts_on=started_on, ends_on=None
        )
        if overlapping.exists():
            raise TeamChangeRefused(
                _("%(person)s is already a member of this team.") % {"person": person}
            )
        try:
            with transaction.atomic():
                return Membership.objects.create(
                    team=team, person=person, role=role, started_on=started_on
                )
        except IntegrityError as error:
            raise TeamChangeRefused(
                _("%(person)s is already a member of this team.") % {"person": person}
            ) from error


def end_membership(*, membership, ended_on=None):
    """End ``membership`` on ``ended_on`` (default: today); the person leaves the team.

    Returns the membership. Raises TeamChangeRefused when it has already ended or would end
    before it started.
    """
    ended_on = ended_on or timezone.localdate()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.ended_on is not None:
            raise TeamChangeRefused(_("This membership has already ended."))
        if ended_on < membership.started_on:
            raise TeamChangeRefused(_("A membership cannot end before it starts."))
        membership.ended_on = ended_on
        membership.save(update_fields=["ended_on"])
        return membership


def record_deliverable_progress(*, deliverable, status, summary=None, completed_on=None):
    """Move ``deliverable`` to ``status``, optionally with a new summary.

    Done deliverables get their completion date (``completed_on``, default today); moving one
    back from done clears it. Returns the deliverable.
    """
    if status not in Deliverable.Status.values:
        raise TeamChangeRefused(_("“%(status)s” is not a deliverable status.") % {"status": status})
    with transaction.atomic():
        deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        deliverable.status = status
        if status == Deliverable.Status.DONE:
            deliverable.completed_on = (
                completed_on or deliverable.completed_on or timezone.localdate()
            )
        else:
            deliverable.completed_on = None
        fields = ["status", "completed_on", "updated_at"]
        if summary is not None:
            deliverable.summary = summary
            fields.append("summary")
        deliverable.save(update_fields=fields)
        return deliverable


# Each step: the statuses it may start from, and the status it leads to.
SECONDMENT_STEPS = {
    "approve": ({Secondment.Status.PROPOSED}, Secondment.Status.APPROVED),
    "start": ({Secondment.Status.APPROVED}, Secondment.Status.UNDER_WAY),
    "complete": ({Secondment.Status.UNDER_WAY}, Secondment.Status.COMPLETED),
    "cancel": (Secondment.Status.cancellable, Secondment.Status.CANCELLED),
}


def approve_secondment(*, secondment):
    """Approve a proposed secondment.

    Refused when the person already holds a secondment (approved, under way or completed)
    whose dates overlap. Side effect: locks the person's row, so concurrent approvals of
    overlapping secondments for one person queue up and only the first succeeds.
    """
    return _take_step(secondment, "approve")


def start_secondment(*, secondment):
    """Mark an approved secondment as under way."""
    return _take_step(secondment, "start")


def complete_secondment(*, secondment, outcome_report=None):
    """Mark a secondment under way as completed, optionally with its outcome report."""
    return _take_step(secondment, "complete", outcome_report=outcome_report)


def cancel_secondment(*, secondment):
    """Cancel a secondment that is not completed yet."""
    return _take_step(secondment, "cancel")


def _take_step(secondment, step, *, outcome_report=None):
    allowed_from, new_status = SECONDMENT_STEPS[step]
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=secondment.person_id)
        secondment = Secondment.objects.select_for_update().get(pk=secondment.pk)
        if secondment.status not in allowed_from:
            raise SecondmentStepRefused(
                _("A secondment that is %(status)s cannot be %(step)s.")
                % {
                    "status": secondment.get_status_display().lower(),
                    "step": STEP_PARTICIPLES[step],
                }
            )
        if step == "approve":
            overlapping = Secondment.objects.overlapping(
                person=secondment.person_id,
                starts_on=secondment.starts_on,
                ends_on=secondment.ends_on,
            ).exclude(pk=secondment.pk)
            if overlapping.exists():
                raise SecondmentStepRefused(
                    _("%(person)s already has a secondment at that time.")
                    % {"person": secondment.person}
                )
        secondment.status = new_status
        fields = ["status", "updated_at"]
        if outcome_report is not None:
            secondment.outcome_report = outcome_report
            fields.append("outcome_report")
        secondment.save(update_fields=fields)
        return secondment


STEP_PARTICIPLES = {
    "approve": gettext_lazy("approved"),
    "start": gettext_lazy("started"),
    "complete": gettext_lazy("completed"),
    "cancel": gettext_lazy("cancelled"),
}
