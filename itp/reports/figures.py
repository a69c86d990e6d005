"""A report's figures per government, for the participation report and the programme summary.

Each figure is a ``Counter`` by government id (``None`` for people of no government, so that
the figures of every government together are the programme's totals), computed when first
read. Figures that come from the same rows are computed together, in one grouped query: a
page reads 100,000 registrations once for their counts and the people who made them,
however many governments there are, and never counts distinct rows of a large join where a
plain count gives the same number.
"""

from collections import Counter
from functools import cached_property

from django.db import connection
from django.db.models import Count, Q

from regions.models import Person
from teams.models import Membership
from workshops.models import Registration

from .base import counts_by


class GovernmentFigures:
    """The figures of ``report`` (its filters narrow each of them) per government."""

    # What the one pass over the registrations counts, in the order its query gives them.
    REGISTRATION_FIGURES = ("people", "participants", "registrations", "seats", "attended")

    def __init__(self, report):
        self.report = report

    # Registrations and people: one pass over the report's registrations.

    @cached_property
    def _registration_counts(self):
        """{figure: Counter} of the registrations' counts and of the people who made them.

        The registrations are counted per person first (no join), then each government's
        people are counted with their registrations' counts joined on: a person belongs to
        one government, so the people who registered are counted without a COUNT(DISTINCT)
        over 100,000 registrations, and the registrations are read once. The ORM cannot group
        a grouped query again, so the outer query is SQL round the ORM's inner one."""
        per_person = (
            self.report.registrations()
            .order_by()
            .values("person")
            .annotate(
                total=Count("pk"),
                seats=Count("pk", filter=Q(status__in=Registration.Status.holding_seat)),
                attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
            )
        )
        inner, params = per_person.query.sql_with_params()
        person = connection.ops.quote_name(Person._meta.db_table)
        sql = (
            "SELECT person.government_id, COUNT(*), COUNT(registered.person), "
            "SUM(registered.total), SUM(registered.seats), SUM(registered.attended) "
            f"FROM {person} person LEFT JOIN ({inner}) registered "
            "ON registered.person = person.id GROUP BY person.government_id"
        )
        figures = {name: Counter() for name in self.REGISTRATION_FIGURES}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for government, *counts in cursor.fetchall():
                for name, count in zip(self.REGISTRATION_FIGURES, counts, strict=True):
                    if count:  # SUM() is NULL for no registrations, and numeric on PostgreSQL
                        figures[name][government] = int(count)
        return figures

    @property
    def registrations(self):
        return self._registration_counts["registrations"]

    @property
    def seats(self):
        """Registrations that hold a seat (registered, attended or absent)."""
        return self._registration_counts["seats"]

    @property
    def attended(self):
        return self._registration_counts["attended"]

    @property
    def people(self):
        """Everyone of each government, whatever the filters."""
        return self._registration_counts["people"]

    @property
    def participants(self):
        """People with at least one of the report's registrations."""
        return self._registration_counts["participants"]

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
