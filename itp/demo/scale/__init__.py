"""Synthetic programme data at any scale, for benchmarks: ``manage.py generate_scale_data``.

At scale 1 it writes 300 governments, 3,000 organisations, 20,000 people, 2,000 events with
20,000 agenda sessions and 100,000 registrations, 200 innovation teams with 2,000 memberships
and 1,000 deliverables, 1,000 secondments and 500 learnings; other scales multiply these.

Every row keeps the database constraints and the models' ``clean()`` rules: IANA time zones,
shares between 0 and 100, ends after starts, sessions inside their event, one registration per
person and event, seats never above capacity and a waitlist numbered 1..n only behind a full
event, one host per secondment and never the home government, no two held secondments of one
person at the same time, one open membership per person and team, at most one learning source.

Synthetic rows are recognisable: slugs start with ``scale-`` and e-mail addresses end with
``@scale.example``. The generator refuses a database that holds anything else (the demo of
``manage.py load_demo``, real programme data) unless forced, and always refuses one that
already holds scale data: deleting it again through the ORM would write an audit-trail row per
deleted row, so an empty database (``manage.py flush``) is the way to start over.

The same seed and the same ``today`` give the same rows. Dates are placed around ``today`` so
the schedule always has past and upcoming events; two exceptions to the sameness are the
``created_at``/``updated_at`` timestamps (set by the database write) and people's calendar
tokens, which are secrets and stay random.

Rows are written with ``bulk_create``, which skips ``save()`` and signals: django-simple-history
therefore writes no historical rows for them. Benchmarks do not need an audit trail of data
that nobody changed.

This module holds the public interface (the command's arguments, the refusals, the order of the
stages); ``run`` the run's state and the batch helpers; ``names`` the names and text, from
Faker with the run's seed; ``regions``, ``events``, ``teams`` and ``learnings`` the rows of
each domain. Only ``manage.py generate_scale_data`` imports it.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from itp.common.exceptions import Refused
from itp.common.progress import Progress
from itp.models import Learning
from regions.models import Government, Organisation, Person
from teams.models import InnovationTeam
from workshops.models import Event

from .events import create_events, create_registrations, create_sessions
from .learnings import create_learnings
from .names import SyntheticNames
from .regions import create_governments, create_organisations, create_people
from .run import EMAIL_DOMAIN, SLUG_PREFIX, Run, programme_themes
from .teams import create_deliverables, create_memberships, create_secondments, create_teams

__all__ = [
    "COUNTS_AT_SCALE_1",
    "DEFAULT_SEED",
    "EMAIL_DOMAIN",
    "MAX_SCALE",
    "SLUG_PREFIX",
    "ScaleDataError",
    "existing_rows",
    "generate_scale_data",
    "parse_scale",
    "planned_counts",
]

DEFAULT_SEED = 2019
MAX_SCALE = 100


# Rows at scale 1, in the order they are written.
COUNTS_AT_SCALE_1 = {
    "governments": 300,
    "organisations": 3_000,
    "people": 20_000,
    "events": 2_000,
    "sessions": 20_000,
    "registrations": 100_000,
    "teams": 200,
    "memberships": 2_000,
    "deliverables": 1_000,
    "secondments": 1_000,
    "learnings": 500,
}
# A secondment to another government needs two of them; everything else needs one.
MINIMUM_COUNTS = {"governments": 2}


class ScaleDataError(Refused):
    """The scale data cannot be generated: a bad argument, or a database it must not touch."""


def parse_scale(value):
    """``value`` (text or a number) as a Decimal above 0 and at most MAX_SCALE, or refuse it."""
    try:
        scale = Decimal(str(value).strip())
    except InvalidOperation:
        raise ScaleDataError(
            f"--scale must be a number such as 1 or 0.01, not “{value}”."
        ) from None
    if not scale.is_finite() or scale <= 0:
        raise ScaleDataError(f"--scale must be a number above 0, not “{value}”.")
    if scale > MAX_SCALE:
        raise ScaleDataError(
            f"--scale is at most {MAX_SCALE} ({MAX_SCALE * COUNTS_AT_SCALE_1['people']:,} "
            f"people); “{value}” is too large."
        )
    return scale


def planned_counts(scale):
    """The number of rows of each kind at ``scale``: rounded half up, at least one of each.

    Registrations, memberships and secondments can come out lower than planned at tiny
    scales, where there are not enough people for that many distinct (person, event) or
    (person, team) pairs, or officials to second.
    """
    counts = {}
    for name, at_scale_1 in COUNTS_AT_SCALE_1.items():
        count = int((Decimal(at_scale_1) * scale).to_integral_value(rounding=ROUND_HALF_UP))
        counts[name] = max(count, MINIMUM_COUNTS.get(name, 1))
    return counts


def existing_rows():
    """Count the rows already in the database: ``(synthetic, other)``, two dicts by label.

    Only the programme's own records count: themes are reference data that the generator
    reuses, and login accounts, groups and logs are not looked at. Sessions, registrations,
    memberships, deliverables and secondments belong to one of the rows counted here.
    """
    synthetic, other = {}, {}
    for label, model, is_synthetic in _SYNTHETIC_MARKS:
        rows = model.objects.order_by()
        made_here = rows.filter(is_synthetic).count()
        if made_here:
            synthetic[label] = made_here
        not_made_here = rows.exclude(is_synthetic).count()
        if not_made_here:
            other[label] = not_made_here
    return synthetic, other


_SYNTHETIC_MARKS = [
    ("governments", Government, Q(slug__startswith=SLUG_PREFIX)),
    ("organisations", Organisation, Q(slug__startswith=SLUG_PREFIX)),
    ("people", Person, Q(email__iendswith="@" + EMAIL_DOMAIN)),
    ("events", Event, Q(slug__startswith=SLUG_PREFIX)),
    ("teams", InnovationTeam, Q(slug__startswith=SLUG_PREFIX)),
    ("learnings", Learning, Q(slug__startswith=SLUG_PREFIX)),
]


def generate_scale_data(*, scale, seed=DEFAULT_SEED, today=None, force=False, progress=None):
    """Write the synthetic programme at ``scale`` (a Decimal from ``parse_scale``).

    One transaction: a failure leaves nothing behind. Refuses (ScaleDataError) when the database
    already holds scale data, and when it holds other programme data unless ``force``. Creates
    the five programme themes when they are missing and reuses them when present.
    ``progress`` (an ``itp.common.progress.Progress``; by default one that reports nothing)
    gets ``start(stage, total)``, ``advance(rows)`` after each batch and ``finish()`` per
    stage. Returns the rows written, by kind, including the links of the
    many-to-many relations.
    """
    progress = progress or Progress()
    today = today or timezone.localdate()
    counts = planned_counts(scale)
    with transaction.atomic():
        _refuse_unless_empty(force=force)
        run = Run(
            rng=random.Random(seed),
            today=today,
            # Midnight before ``today``: statuses depend on the date alone, not the hour.
            now=datetime.datetime.combine(today, datetime.time.min, tzinfo=datetime.UTC),
            progress=progress,
            names=SyntheticNames(seed=seed),
        )
        programme_themes(run)
        create_governments(run, counts["governments"])
        create_organisations(run, counts["organisations"])
        create_people(run, counts["people"])
        create_events(run, counts["events"])
        create_sessions(run, counts["sessions"])
        create_registrations(run, counts["registrations"])
        create_teams(run, counts["teams"])
        create_memberships(run, counts["memberships"])
        create_deliverables(run, counts["deliverables"])
        create_secondments(run, counts["secondments"])
        create_learnings(run, counts["learnings"])
    _analyse()
    return run.written


def _analyse():
    """Give PostgreSQL's planner the statistics of the rows just written, as autovacuum would
    some minutes later (and never where it is off): without them it plans the large tables'
    joins as if they were empty. Outside a transaction it vacuums as well, which moves the
    rows just indexed for the search from the GIN indexes' pending lists into the indexes:
    left there, every search reads them one by one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM cannot run inside a transaction (the tests run the command in one).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def _refuse_unless_empty(*, force):
    synthetic, other = existing_rows()
    if synthetic:
        raise ScaleDataError(
            f"The database already holds scale data ({_describe(synthetic)}). Generate into an "
            "empty database: `manage.py flush` empties this one."
        )
    if other and not force:
        raise ScaleDataError(
            f"The database holds data that generate_scale_data did not write "
            f"({_describe(other)}), such as the demo of `manage.py load_demo`. Generate into "
            "an empty database, or pass --force to add scale data beside it."
        )


def _describe(counts):
    return ", ".join(f"{count:,} {label}" for label, count in counts.items())
