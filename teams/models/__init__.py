"""Innovation teams, their members and deliverables, and secondments between governments."""

from .deliverables import Deliverable, DeliverableQuerySet
from .secondments import Secondment, SecondmentQuerySet
from .teams import InnovationTeam, InnovationTeamQuerySet, Membership, MembershipQuerySet

__all__ = [
    "Deliverable",
    "DeliverableQuerySet",
    "InnovationTeam",
    "InnovationTeamQuerySet",
    "Membership",
    "MembershipQuerySet",
    "Secondment",
    "SecondmentQuerySet",
]
