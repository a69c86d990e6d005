"""A report's figures per government, for the participation report and the programme summary.

Each figure is a ``Counter`` by government id (``None`` for people of no government, so that
the figures of every government together are the programme's totals), computed when first
read. Figures that come from the same rows are computed together, in one grouped query: a
page reads 100,000 registrations once for their counts and once for the people they belong
to, however many governments there are, and never counts distinct rows of a large join where
a plain count gives the same number.
"""

from collections import Counter
from functools import cached_property

from django.db.models import Count, Q

from regions.models import Person
from teams.models import Membership
from workshops.models import Registration

from .base import counts_by


class GovernmentFigures:
    """The figures of ``report`` (its filters narrow each of them) per government."""

    def __init__(self, report):
        self.report = report

    # Registrations: one pass over the report's registrations.

    @cached_property
    def _registration_counts(self):
        rows = (
            self.report.registrations()
            .order_by()
            .values_list("person__government")
            .annotate(
                total=Count("pk"),
                seats=Count("pk", filter=Q(status__in=Registration.Status.holding_seat)),
                attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
            )
        )
        registrations, seats, attended = Counter(), Counter(), Counter()
        for government, total, held, came in rows:
            registrations[government] = total
            seats[government] = held
            attended[government] = came
        return registrations, seats, attended

    @property
    def registrations(self):
        return self._registration_counts[0]

    @property
    def seats(self):
        """Registrations that hold a seat (registered, attended or absent)."""
        return self._registration_counts[1]

    @property
    def attended(self):
        return self._registration_counts[2]

    # People: one pass over the people, each asked once whether they registered.

    @cached_property
    def _people_counts(self):
        # A person belongs to one government, so the people of a government who registered
        # are counted without counting distinct registrations: the registrations are read
        # once into a set, and each person looked up in it.
        registered = self.report.registrations().values("person")
        rows = (
            Person.objects.order_by()
            .values_list("government")
            .annotate(people=Count("pk"), participants=Count("pk", filter=Q(pk__in=registered)))
        )
        people, participants = Counter(), Counter()
        for government, everyone, registering in rows:
            people[government] = everyone
            if registering:
                participants[government] = registering
        return people, participants

    @property
    def people(self):
        """Everyone of each government, whatever the filters."""
        return self._people_counts[0]

    @property
    def participants(self):
        """People with at least one of the report's registrations."""
        return self._people_counts[1]

    @cached_property
    def events_attended(self):
        """Events at which someone of the government attended."""
        attended = self.report.registrations().filter(status=Registration.Status.ATTENDED)
        return Counter(
            dict(
                attended.order_by()
                .values_list("person__government")
                .annotate(total=Count("event", distinct=True))
            )
        )

    @cached_property
    def memberships(self):
        memberships = Membership.objects.filter(team__in=self.report.teams()).order_by()
        return Counter(
            dict(memberships.values_list("person__government").annotate(total=Count("pk")))
        )

    # Secondments: one pass over the report's secondments.

    @cached_property
    def _secondment_rows(self):
        return list(
            self.report.secondments()
            .order_by()
            .values_list("home_government", "host_government", "starts_on", "ends_on")
        )

    @cached_property
    def _secondment_counts(self):
        out, into, days_out, days_in = Counter(), Counter(), Counter(), Counter()
        for home, host, starts_on, ends_on in self._secondment_rows:
            days = (ends_on - starts_on).days + 1  # both ends counted
            out[home] += 1
            days_out[home] += days
            into[host] += 1  # None: hosted by an organisation
            days_in[host] += days
        return out, into, days_out, days_in

    @property
    def secondments(self):
        """How many secondments the report counts, all governments together."""
        return len(self._secondment_rows)

    @property
    def secondments_out(self):
        return self._secondment_counts[0]

    @property
    def secondments_in(self):
        """Secondments hosted by the government (not those hosted by an organisation)."""
        return self._secondment_counts[1]

    @property
    def secondment_days_out(self):
        """The days of the government's people on secondment, both ends counted."""
        return self._secondment_counts[2]

    @property
    def secondment_days_in(self):
        return self._secondment_counts[3]

    @cached_property
    def events_hosted(self):
        return counts_by(self.report.events(), "host_government")

    # Teams: one pass over the report's teams with their member governments.

    @cached_property
    def _team_rows(self):
        return list(
            self.report.teams().values_list(
                "pk", "lead_government", "member_governments", "starts_on", "ends_on"
            )
        )

    @cached_property
    def teams(self):
        """Teams the government leads or belongs to, each counted once."""
        taking_part = set()
        for team, lead, member, _starts_on, _ends_on in self._team_rows:
            taking_part.add((team, lead))
            if member is not None:
                taking_part.add((team, member))
        return Counter(government for _team, government in taking_part)

    @cached_property
    def team_dates(self):
        """Each of the report's teams once: {team id: (starts_on, ends_on)}."""
        return {team: (starts_on, ends_on) for team, _, _, starts_on, ends_on in self._team_rows}

    @cached_property
    def learnings(self):
        return counts_by(self.report.learnings(), "government")
