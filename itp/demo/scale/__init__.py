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
"""

import datetime
import itertools
import random
import zoneinfo
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from itp.common.exceptions import Refused
from itp.common.progress import Progress
from itp.demo.programme import THEMES
from itp.models import Learning, Theme
from regions.models import Government, Organisation, Person
from teams.models import Deliverable, InnovationTeam, Membership, Secondment
from workshops.models import Event, Registration, Session

SLUG_PREFIX = "scale-"
EMAIL_DOMAIN = "scale.example"
DEFAULT_SEED = 2019
MAX_SCALE = 100
BATCH_SIZE = 5_000

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
        run = _Run(
            rng=random.Random(seed),
            today=today,
            # Midnight before ``today``: statuses depend on the date alone, not the hour.
            now=datetime.datetime.combine(today, datetime.time.min, tzinfo=datetime.UTC),
            progress=progress,
        )
        _programme_themes(run)
        _create_governments(run, counts["governments"])
        _create_organisations(run, counts["organisations"])
        _create_people(run, counts["people"])
        _create_events(run, counts["events"])
        _create_sessions(run, counts["sessions"])
        _create_registrations(run, counts["registrations"])
        _create_teams(run, counts["teams"])
        _create_memberships(run, counts["memberships"])
        _create_deliverables(run, counts["deliverables"])
        _create_secondments(run, counts["secondments"])
        _create_learnings(run, counts["learnings"])
    return run.written


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


# --- What the rows are made of ----------------------------------------------------------------

# country, the kind its regional governments are, the IANA time zones used there
COUNTRIES = [
    ("DE", Government.Kind.STATE, ("Europe/Berlin",)),
    ("IT", Government.Kind.REGION, ("Europe/Rome",)),
    ("FR", Government.Kind.REGION, ("Europe/Paris",)),
    ("ES", Government.Kind.REGION, ("Europe/Madrid",)),
    ("SE", Government.Kind.REGION, ("Europe/Stockholm",)),
    ("PL", Government.Kind.VOIVODESHIP, ("Europe/Warsaw",)),
    ("GB", Government.Kind.NATION, ("Europe/London",)),
    ("US", Government.Kind.STATE, (
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
    )),
    ("CA", Government.Kind.PROVINCE, ("America/Toronto", "America/Vancouver", "America/Halifax")),
    ("MX", Government.Kind.STATE, ("America/Mexico_City",)),
    ("BR", Government.Kind.STATE, ("America/Sao_Paulo",)),
    ("IN", Government.Kind.STATE, ("Asia/Kolkata",)),
    ("JP", Government.Kind.REGION, ("Asia/Tokyo",)),
    ("KR", Government.Kind.PROVINCE, ("Asia/Seoul",)),
    ("AU", Government.Kind.STATE, ("Australia/Sydney", "Australia/Perth")),
    ("ZA", Government.Kind.PROVINCE, ("Africa/Johannesburg",)),
]  # fmt: skip

# Invented place names: a beginning, an optional middle, an ending ("Valenmark", "Torbia").
PLACE_BEGINNINGS = (
    "Al", "Ber", "Cal", "Dor", "El", "Fen", "Gar", "Hal", "Is", "Jor", "Kel", "Lor", "Mar",
    "Nor", "Or", "Pel", "Quar", "Ros", "Sal", "Tor", "Ul", "Val", "Wen", "Zar",
)  # fmt: skip
PLACE_MIDDLES = ("", "a", "e", "i", "o", "an", "en", "in", "or", "ar", "el")
PLACE_ENDINGS = (
    "via", "land", "mark", "burg", "ria", "shire", "dale", "mont", "gard", "stad", "ona",
    "ica", "bia", "haven",
)  # fmt: skip

FIRST_NAMES = (
    "Anna", "Ben", "Chiara", "Daniel", "Elena", "Fatima", "Giulia", "Hannah", "Ibrahim",
    "Jana", "Karin", "Lars", "Maria", "Noah", "Olivia", "Pawel", "Quentin", "Rosa", "Sofia",
    "Tomasz", "Ursula", "Victor", "Wei", "Yuki", "Zofia", "Ahmed", "Bianca", "Carlos",
    "Dmitri", "Emma", "Felix", "Grace", "Hiroshi", "Ines", "Jonas", "Kofi", "Lucia", "Mateo",
    "Nadia", "Oscar", "Priya", "Sven", "Thandiwe",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Becker", "Costa", "Dubois", "Esposito", "Fischer", "Garcia", "Hansen", "Ito",
    "Jensen", "Kowalski", "Laurent", "Martin", "Nowak", "Okafor", "Petrov", "Quinn", "Rossi",
    "Schmidt", "Tanaka", "Usman", "Varga", "Wagner", "Xu", "Yilmaz", "Zhang", "Bianchi",
    "Moreau", "Novak", "Silva", "Kim", "Singh", "Murphy", "Lindqvist", "Mbeki", "Rinaldi",
    "Gagnon", "Hughes",
)  # fmt: skip

PERSON_KINDS = [
    # kind, weight, organisation kinds they work for (none: a government), job titles
    (Person.Kind.GOVERNMENT_OFFICIAL, 60, (), (
        "Policy Officer", "Head of Industrial Strategy", "Energy Transition Adviser",
        "Director, Climate and Industry", "Project Manager, Decarbonisation", "Economist",
    )),
    (Person.Kind.INDUSTRY_EXPERT, 15, (Organisation.Kind.INDUSTRY, Organisation.Kind.UTILITY), (
        "Process Engineer", "Head of Sustainability", "Plant Manager", "Energy Manager",
    )),
    (Person.Kind.RESEARCH_EXPERT, 12, (Organisation.Kind.RESEARCH,), (
        "Research Fellow", "Professor of Energy Systems", "Senior Scientist",
    )),
    (Person.Kind.SYSTEMS_CHANGE_SPECIALIST, 5, (Organisation.Kind.NGO,), (
        "Systems Change Coach", "Facilitator",
    )),
    (Person.Kind.PROGRAMME_STAFF, 8, (Organisation.Kind.NGO, Organisation.Kind.FUNDER), (
        "Programme Officer", "Programme Manager", "Events Coordinator",
    )),
]  # fmt: skip

ORGANISATION_KINDS = [
    # kind, weight, how their names end
    (Organisation.Kind.INDUSTRY, 50, (
        "Steel", "Cement", "Chemicals", "Glassworks", "Paper Mills", "Aluminium", "Fertilisers",
        "Refining", "Ceramics", "Engineering", "Foundry", "Automotive",
    )),
    (Organisation.Kind.RESEARCH, 20, (
        "Institute of Technology", "Energy Research Centre", "University", "Hydrogen Lab",
    )),
    (Organisation.Kind.UTILITY, 10, ("Energy", "Power", "Heat Networks", "Grid")),
    (Organisation.Kind.NGO, 8, ("Climate Network", "Transition Alliance", "Industry Forum")),
    (Organisation.Kind.FUNDER, 5, ("Foundation", "Green Investment Bank", "Climate Fund")),
    (Organisation.Kind.GOVERNMENT_AGENCY, 7, (
        "Energy Agency", "Environment Agency", "Development Agency",
    )),
]  # fmt: skip

# What events, sessions, teams and learnings are about, theme by theme (in THEMES order).
TOPICS = [
    ("Low-carbon steelmaking", "Carbon capture at cement plants", "Electrifying process heat",
     "Circular materials in manufacturing"),
    ("Waste heat recovery", "Industrial heat pumps", "Renewable power purchase agreements",
     "Energy audits for small manufacturers"),
    ("Green bonds for industry", "Carbon contracts for difference",
     "Blended finance for retrofits", "Public procurement of green steel"),
    ("Industry round tables", "Skills for the transition", "Cluster partnerships",
     "Just transition dialogues"),
    ("Hydrogen valleys", "Hydrogen-ready furnaces", "Electrolyser supply chains",
     "Hydrogen in chemicals"),
]  # fmt: skip

# kind, weight, days (fewest, most), local hours, capacity range (None: may be unlimited),
# weight of its agenda, weight of its registrations
EVENT_KINDS = [
    (Event.Kind.WEBINAR, 45, (1, 1), None, None, 1.0, 1.6),
    (Event.Kind.WORKSHOP, 30, (1, 3), ((9, 0), (17, 30)), (30, 120), 4.0, 1.0),
    (Event.Kind.STUDY_VISIT, 10, (1, 2), ((8, 30), (18, 0)), (15, 40), 3.0, 0.5),
    (Event.Kind.SECONDMENT_BRIEFING, 15, (1, 1), None, (20, 60), 1.0, 0.6),
]
EVENT_TITLES = {
    Event.Kind.WEBINAR: "Webinar: {topic}",
    Event.Kind.WORKSHOP: "{place} workshop: {topic}",
    Event.Kind.STUDY_VISIT: "Study visit to {place}: {topic}",
    Event.Kind.SECONDMENT_BRIEFING: "Secondment briefing: {topic}",
}
# Share of events in the past, and the status mix of past and upcoming ones.
PAST_SHARE = 0.65
PAST_STATUSES = ((Event.Status.PUBLISHED, 88), (Event.Status.CANCELLED, 8), (Event.Status.DRAFT, 4))
UPCOMING_STATUSES = (
    (Event.Status.PUBLISHED, 75),
    (Event.Status.DRAFT, 15),
    (Event.Status.CANCELLED, 10),
)
# The agenda after each day's opening plenary, by event kind: session kind and weight.
AGENDA_KINDS = {
    Event.Kind.WORKSHOP: (
        (Session.Kind.PANEL, 3),
        (Session.Kind.BREAKOUT, 4),
        (Session.Kind.BREAK, 2),
        (Session.Kind.NETWORKING, 1),
    ),
    Event.Kind.STUDY_VISIT: (
        (Session.Kind.SITE_VISIT, 5),
        (Session.Kind.PANEL, 1),
        (Session.Kind.BREAK, 1),
        (Session.Kind.NETWORKING, 1),
    ),
    Event.Kind.WEBINAR: ((Session.Kind.PANEL, 2), (Session.Kind.BREAKOUT, 1)),
    Event.Kind.SECONDMENT_BRIEFING: ((Session.Kind.PANEL, 1), (Session.Kind.BREAKOUT, 1)),
}
SPEAKERS_PER_SESSION = {
    Session.Kind.PLENARY: (1, 2),
    Session.Kind.PANEL: (3, 4),
    Session.Kind.BREAKOUT: (1, 2),
    Session.Kind.SITE_VISIT: (0, 1),
    Session.Kind.NETWORKING: (0, 0),
    Session.Kind.BREAK: (0, 0),
}
REGISTRATION_CANCELLED_SHARE = 0.1
ATTENDED_SHARE = 0.82

FIGURES_SOURCE = "Synthetic figures for benchmarks (manage.py generate_scale_data), not statistics."


@dataclass
class _Run:
    """What one generation run has drawn and written so far."""

    rng: random.Random
    today: datetime.date
    now: datetime.datetime
    progress: object
    themes: list = field(default_factory=list)
    governments: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    organisations_by_kind: dict = field(default_factory=dict)
    # People are many: their primary keys and the index of their government (None: none).
    person_pks: list = field(default_factory=list)
    person_governments: list = field(default_factory=list)
    people_by_government: dict = field(default_factory=dict)
    events: list = field(default_factory=list)
    event_windows: list = field(default_factory=list)
    event_themes: list = field(default_factory=list)
    teams: list = field(default_factory=list)
    team_governments: list = field(default_factory=list)
    team_themes: list = field(default_factory=list)
    secondments: list = field(default_factory=list)
    written: dict = field(default_factory=dict)

    def choose(self, weighted):
        """One of ``weighted``'s items (tuples whose second element is the weight)."""
        return self.rng.choices(weighted, weights=[item[1] for item in weighted])[0]

    def days(self, first, last):
        return datetime.timedelta(days=self.rng.randint(first, last))


def _programme_themes(run):
    """The five programme themes in THEMES order: reused by slug or name, created if missing."""
    created = 0
    for slug, name, description in THEMES:
        theme = Theme.objects.filter(Q(slug=slug) | Q(name=name)).order_by("pk").first()
        if theme is None:
            theme = Theme.objects.create(slug=slug, name=name, description=description)
            created += 1
        run.themes.append(theme)
    run.written["themes created"] = created


def _insert(run, stage, model, objects, *, total, after_batch=None):
    """``bulk_create`` ``objects`` (any iterable) in batches, counted as ``stage``.

    The objects get their primary keys (PostgreSQL and SQLite return them); ``after_batch``,
    if given, is called with each batch once it is written.
    """
    run.progress.start(stage, total)
    iterator = iter(objects)
    written = 0
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        model.objects.bulk_create(batch)
        if after_batch is not None:
            after_batch(batch)
        written += len(batch)
        run.progress.advance(len(batch))
    run.progress.finish()
    run.written[stage] = written
    return written


def _link(run, stage, relation, pairs):
    """Insert the links of the many-to-many ``relation`` (e.g. ``Event.themes``) between the
    primary keys in ``pairs``, through its intermediate model."""
    through = relation.through
    source = relation.field.m2m_field_name() + "_id"
    target = relation.field.m2m_reverse_field_name() + "_id"
    pairs = list(pairs)
    rows = (through(**{source: left, target: right}) for left, right in pairs)
    return _insert(run, stage, through, rows, total=len(pairs))


def _spread(total, weights, *, cap):
    """Split ``total`` into whole numbers in proportion to ``weights``, none above ``cap``.

    Largest remainders first; when the caps cannot hold ``total``, the sum is what they hold.
    """
    if not weights:
        return []
    total = min(total, cap * len(weights))
    weight_sum = sum(weights)
    shares = [total * weight / weight_sum for weight in weights]
    counts = [min(cap, int(share)) for share in shares]
    remaining = total - sum(counts)
    by_remainder = sorted(range(len(weights)), key=lambda index: int(shares[index]) - shares[index])
    while remaining:
        for index in by_remainder:
            if remaining and counts[index] < cap:
                counts[index] += 1
                remaining -= 1
    return counts


def _unique_name(used, make):
    """``make()`` until a name not in ``used`` comes out; numbered after a few collisions."""
    for _attempt in range(20):
        name = make()
        if name not in used:
            break
    else:
        name = f"{name} {len(used) + 1}"
    used.add(name)
    return name


def _place_name(run):
    rng = run.rng
    return rng.choice(PLACE_BEGINNINGS) + rng.choice(PLACE_MIDDLES) + rng.choice(PLACE_ENDINGS)


def _topic(run, theme_index):
    return run.rng.choice(TOPICS[theme_index])


def _some_themes(run, most):
    """Indexes of one to ``most`` distinct programme themes."""
    return sorted(run.rng.sample(range(len(run.themes)), run.rng.randint(1, most)))


# --- Governments, organisations, people -------------------------------------------------------


def _create_governments(run, count):
    rng = run.rng
    used = set(Government.objects.values_list("name", flat=True))
    theme_links = []
    for number in range(1, count + 1):
        country, kind, time_zones = rng.choice(COUNTRIES)
        slug = f"{SLUG_PREFIX}government-{number:04d}"
        run.governments.append(
            Government(
                name=_unique_name(used, lambda: _place_name(run)),
                slug=slug,
                country=country,
                kind=kind,
                time_zone=rng.choice(time_zones),
                population=rng.randint(500_000, 40_000_000),
                gdp_billion_usd=Decimal(rng.randint(2_000, 300_000)) / 100,
                emissions_mt_co2e=Decimal(rng.randint(500, 40_000)) / 100,
                industry_share_percent=Decimal(rng.randint(1_000, 6_000)) / 100,
                figures_year=rng.randint(2018, 2023),
                figures_source=FIGURES_SOURCE,
                website=f"https://{slug}.example",
                summary="A synthetic member government for benchmarks.",
                joined_on=datetime.date(2019, 4, 1) + run.days(0, 5 * 365),
                is_active=rng.random() < 0.95,
            )
        )
        theme_links.append(_some_themes(run, 3))
    _insert(run, "governments", Government, run.governments, total=count)
    _link(
        run,
        "government themes",
        Government.themes,
        (
            (government.pk, run.themes[theme].pk)
            for government, themes in zip(run.governments, theme_links, strict=True)
            for theme in themes
        ),
    )


def _create_organisations(run, count):
    rng = run.rng
    used = set(Organisation.objects.values_list("name", flat=True))
    for number in range(1, count + 1):
        kind, _weight, endings = run.choose(ORGANISATION_KINDS)
        country, _kind, _zones = rng.choice(COUNTRIES)
        slug = f"{SLUG_PREFIX}organisation-{number:05d}"
        run.organisations.append(
            Organisation(
                name=_unique_name(used, lambda e=endings: f"{_place_name(run)} {rng.choice(e)}"),
                slug=slug,
                kind=kind,
                country=country,
                city=_place_name(run),
                website=f"https://{slug}.example",
            )
        )
    _insert(run, "organisations", Organisation, run.organisations, total=count)
    for index, organisation in enumerate(run.organisations):
        run.organisations_by_kind.setdefault(organisation.kind, []).append(index)


def _create_people(run, count):
    """People: government officials (the first one always, so a secondment has someone to
    send), experts and staff of organisations of the kind they work for."""
    rng = run.rng
    # The organisations each kind of person works for; any at all when there are none such.
    employers = {
        kind: [
            index
            for organisation_kind in organisation_kinds
            for index in run.organisations_by_kind.get(organisation_kind, ())
        ]
        or list(range(len(run.organisations)))
        for kind, _weight, organisation_kinds, _titles in PERSON_KINDS
    }

    def people():
        for number in range(1, count + 1):
            if number == 1:
                kind, _weight, organisation_kinds, titles = PERSON_KINDS[0]
            else:
                kind, _weight, organisation_kinds, titles = run.choose(PERSON_KINDS)
            government = organisation = None
            if organisation_kinds:
                organisation = run.organisations[rng.choice(employers[kind])]
            else:
                government = rng.randrange(len(run.governments))
            run.person_governments.append(government)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            yield Person(
                name=f"{first} {last}",
                email=f"{first.lower()}.{last.lower()}.{number}@{EMAIL_DOMAIN}",
                kind=kind,
                job_title=rng.choice(titles),
                government=None if government is None else run.governments[government],
                organisation=organisation,
                consents_to_public_listing=rng.random() < 0.7,
            )

    # Only the primary keys are kept: at large scales the people would take much memory.
    _insert(
        run,
        "people",
        Person,
        people(),
        total=count,
        after_batch=lambda batch: run.person_pks.extend(person.pk for person in batch),
    )
    for index, government in enumerate(run.person_governments):
        if government is not None:
            run.people_by_government.setdefault(government, []).append(index)


# --- Events, their agendas and registrations --------------------------------------------------


def _create_events(run, count):
    """Events from two years back to a year ahead, none within a day of ``today`` so that
    past and upcoming do not depend on the hour; in-person ones in their host's time zone."""
    rng = run.rng
    for number in range(1, count + 1):
        kind, _weight, (fewest, most), hours, capacities, _agenda, _attendance = run.choose(
            EVENT_KINDS
        )
        days = rng.randint(fewest, most)
        is_past = rng.random() < PAST_SHARE
        # Past events end two days before today at the latest, upcoming ones start two days
        # after at the earliest: time zones move them by less than a day.
        if is_past:
            first_day, statuses = run.today - run.days(days + 1, 730), PAST_STATUSES
        else:
            first_day, statuses = run.today + run.days(2, 365), UPCOMING_STATUSES
        host = run.governments[rng.randrange(len(run.governments))]
        in_person = hours is not None
        if not in_person and rng.random() < 0.3:
            # Online events of the secretariat itself, which sits in London.
            host, time_zone = None, "Europe/London"
        else:
            time_zone = host.time_zone
        windows = _event_windows(run, first_day, days, hours, time_zone)
        themes = _some_themes(run, 2)
        topic = _topic(run, themes[0])
        city = _place_name(run) if in_person else ""
        slug = f"{SLUG_PREFIX}event-{number:05d}"
        if capacities is None:
            capacity = None if rng.random() < 0.5 else rng.choice((100, 200, 300))
        else:
            capacity = rng.randint(*capacities)
        starts_at = windows[0][0]
        opens_at = starts_at - datetime.timedelta(days=60) if rng.random() < 0.7 else None
        closes_at = starts_at - datetime.timedelta(days=1) if rng.random() < 0.5 else None
        run.events.append(
            Event(
                title=EVENT_TITLES[kind].format(topic=topic, place=city),
                slug=slug,
                kind=kind,
                status=run.choose(statuses)[0],
                starts_at=starts_at,
                ends_at=windows[-1][1],
                time_zone=time_zone,
                venue=f"{city} Conference Centre" if in_person else "",
                city=city,
                country=host.country if in_person else "",
                host_government=host,
                join_url="" if in_person else f"https://meet.{EMAIL_DOMAIN}/{slug}",
                description=f"{topic}: synthetic event for benchmarks.",
                capacity=capacity,
                registration_opens_at=opens_at,
                registration_closes_at=closes_at,
            )
        )
        run.event_windows.append(windows)
        run.event_themes.append(themes)
    _insert(run, "events", Event, run.events, total=count)
    _link(
        run,
        "event themes",
        Event.themes,
        (
            (event.pk, run.themes[theme].pk)
            for event, themes in zip(run.events, run.event_themes, strict=True)
            for theme in themes
        ),
    )


def _event_windows(run, first_day, days, hours, time_zone):
    """The (start, end) in UTC of each day of an event: office hours in the venue's time zone
    for events in person, an hour or two for online ones."""
    rng = run.rng
    zone = zoneinfo.ZoneInfo(time_zone)
    if hours is None:
        local = datetime.time(rng.choice((8, 9, 10, 11, 13, 14, 15, 16)), rng.choice((0, 30)))
        starts_at = datetime.datetime.combine(first_day, local, tzinfo=zone).astimezone(
            datetime.UTC
        )
        minutes = rng.choice((45, 60, 90, 120))
        return [(starts_at, starts_at + datetime.timedelta(minutes=minutes))]
    (open_hour, open_minute), (close_hour, close_minute) = hours
    windows = []
    for day in range(days):
        date = first_day + datetime.timedelta(days=day)
        opens = datetime.datetime.combine(date, datetime.time(open_hour, open_minute), zone)
        closes = datetime.datetime.combine(date, datetime.time(close_hour, close_minute), zone)
        windows.append((opens.astimezone(datetime.UTC), closes.astimezone(datetime.UTC)))
    return windows


# At most this many sessions per event: each gets at least a minute of the shortest event.
MAX_SESSIONS_PER_EVENT = 45


def _create_sessions(run, count):
    """Agenda sessions that tile each day of their event: a plenary opens the day, then panels,
    breakouts, site visits (hosted by an organisation), breaks. Sessions are shared out in
    proportion to the events' length and kind."""
    rng = run.rng
    agenda_weights = {kind: agenda for kind, *_rest, agenda, _attendance in EVENT_KINDS}
    weights = [
        agenda_weights[event.kind] * len(windows) * rng.uniform(0.7, 1.3)
        for event, windows in zip(run.events, run.event_windows, strict=True)
    ]
    per_event = _spread(count, weights, cap=MAX_SESSIONS_PER_EVENT)
    site_hosts = {}
    for index in run.organisations_by_kind.get(Organisation.Kind.INDUSTRY, []) + (
        run.organisations_by_kind.get(Organisation.Kind.UTILITY, [])
    ):
        site_hosts.setdefault(run.organisations[index].country, []).append(index)
    everywhere = sorted(index for hosts in site_hosts.values() for index in hosts) or list(
        range(len(run.organisations))
    )
    # Speakers and themes of the sessions of the batch being drawn, linked once it is written.
    pending, speaker_links, theme_links = [], [], []

    def sessions():
        for event, windows, themes, sessions_count in zip(
            run.events, run.event_windows, run.event_themes, per_event, strict=True
        ):
            in_person = bool(event.city)
            for day, ((opens, closes), in_window) in enumerate(
                zip(windows, _share_out(sessions_count, len(windows)), strict=True)
            ):
                minutes = int((closes - opens).total_seconds()) // 60
                # Whole five minutes when sessions are long enough: 10:35, not 10:37.
                step = 5 if minutes // max(in_window, 1) >= 10 else 1
                for slot in range(in_window):
                    starts_at = opens + datetime.timedelta(
                        minutes=minutes * slot // in_window // step * step
                    )
                    ends_at = opens + datetime.timedelta(
                        minutes=minutes * (slot + 1) // in_window // step * step
                    )
                    if slot == 0:
                        kind = Session.Kind.PLENARY
                    else:
                        kind = run.choose(AGENDA_KINDS[event.kind])[0]
                    host = None
                    if kind == Session.Kind.SITE_VISIT:
                        host = run.organisations[
                            rng.choice(site_hosts.get(event.country) or everywhere)
                        ]
                    topic = _topic(run, rng.choice(themes))
                    fewest, most = SPEAKERS_PER_SESSION[kind]
                    speakers = rng.sample(
                        range(len(run.person_pks)),
                        min(rng.randint(fewest, most), len(run.person_pks)),
                    )
                    session_themes = [rng.choice(themes)] if rng.random() < 0.6 else []
                    pending.append((speakers, session_themes))
                    yield Session(
                        event_id=event.pk,
                        title=_session_title(run, kind, day, topic, host),
                        kind=kind,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        location=_session_location(run, kind, host) if in_person else "",
                        host_organisation=host,
                    )

    def link_batch(batch):
        for session, (speakers, session_themes) in zip(batch, pending, strict=True):
            speaker_links.extend((session.pk, run.person_pks[person]) for person in speakers)
            theme_links.extend((session.pk, run.themes[theme].pk) for theme in session_themes)
        pending.clear()

    _insert(run, "sessions", Session, sessions(), total=sum(per_event), after_batch=link_batch)
    _link(run, "session speakers", Session.speakers, speaker_links)
    _link(run, "session themes", Session.themes, theme_links)


def _share_out(total, parts):
    """``total`` split into ``parts`` whole numbers as even as can be, the larger ones first."""
    return [total // parts + (1 if part < total % parts else 0) for part in range(parts)]


def _session_title(run, kind, day, topic, host):
    if kind == Session.Kind.PLENARY:
        return "Opening plenary" if day == 0 else f"Day {day + 1}: plenary"
    if kind == Session.Kind.PANEL:
        return f"Panel: {topic}"
    if kind == Session.Kind.BREAKOUT:
        return f"Breakout: {topic}"
    if kind == Session.Kind.SITE_VISIT:
        return f"Site visit: {host.name}"
    if kind == Session.Kind.NETWORKING:
        return run.rng.choice(("Networking lunch", "Networking reception"))
    return "Coffee break"


def _session_location(run, kind, host):
    if host is not None:
        return f"{host.name}, {host.city}"
    if kind in (Session.Kind.BREAK, Session.Kind.NETWORKING):
        return "Foyer"
    return run.rng.choice(("Main hall", "Room A", "Room B", "Room C"))


def _create_registrations(run, count):
    """Registrations for events that are not drafts, shared out by kind and popularity.

    People join in a random order: about one in ten cancels; the others take the seats up to
    the capacity, and the rest join the waitlist, numbered 1, 2, 3... in the order they came.
    At published events that are over, seats became attended or absent.
    """
    rng = run.rng
    attendance_weights = {kind: attendance for kind, *_rest, attendance in EVENT_KINDS}
    open_events = [event for event in run.events if event.status != Event.Status.DRAFT]
    weights = [attendance_weights[event.kind] * rng.uniform(0.4, 1.6) for event in open_events]
    people = len(run.person_pks)
    per_event = _spread(count, weights, cap=people)

    def registrations():
        for event, registrations_count in zip(open_events, per_event, strict=True):
            attendance_taken = event.status == Event.Status.PUBLISHED and event.ends_at <= run.now
            seats_taken = waitlisted = 0
            for person in rng.sample(range(people), registrations_count):
                waitlist_order = cancelled_at = None
                if rng.random() < REGISTRATION_CANCELLED_SHARE:
                    status = Registration.Status.CANCELLED
                    cancelled_at = min(event.starts_at, run.now) - datetime.timedelta(
                        hours=rng.randint(1, 20 * 24)
                    )
                elif event.capacity is None or seats_taken < event.capacity:
                    seats_taken += 1
                    if not attendance_taken:
                        status = Registration.Status.REGISTERED
                    elif rng.random() < ATTENDED_SHARE:
                        status = Registration.Status.ATTENDED
                    else:
                        status = Registration.Status.ABSENT
                else:
                    waitlisted += 1
                    status, waitlist_order = Registration.Status.WAITLISTED, waitlisted
                yield Registration(
                    event_id=event.pk,
                    person_id=run.person_pks[person],
                    status=status,
                    waitlist_order=waitlist_order,
                    cancelled_at=cancelled_at,
                )

    _insert(run, "registrations", Registration, registrations(), total=sum(per_event))


# --- Teams, secondments, learnings ------------------------------------------------------------


def _create_teams(run, count):
    """Innovation teams of a lead and two to five member governments; most under way, some
    forming, some concluded (the status follows from the dates)."""
    rng = run.rng
    governments = len(run.governments)
    used = set(InnovationTeam.objects.values_list("name", flat=True))
    for number in range(1, count + 1):
        theme = rng.randrange(len(run.themes))
        topic = _topic(run, theme)
        lead = rng.randrange(governments)
        others = rng.sample(range(governments), min(governments, rng.randint(3, 6)))
        members = [government for government in others if government != lead][:5]
        if rng.random() < 0.9:
            starts_on = run.today - run.days(0, 900)
        else:
            starts_on = run.today + run.days(10, 120)
        ends_on = None if rng.random() < 0.4 else starts_on + run.days(180, 900)
        run.teams.append(
            InnovationTeam(
                name=_unique_name(
                    used, lambda topic=topic: f"{_place_name(run)} team on {topic.lower()}"
                ),
                slug=f"{SLUG_PREFIX}team-{number:04d}",
                challenge=f"How can industry and government make {topic.lower()} work at scale?",
                theme=run.themes[theme],
                lead_government=run.governments[lead],
                starts_on=starts_on,
                ends_on=ends_on,
                summary=f"A synthetic innovation team on {topic.lower()}.",
            )
        )
        run.team_governments.append([lead, *members])
        run.team_themes.append(theme)
    _insert(run, "teams", InnovationTeam, run.teams, total=count)
    _link(
        run,
        "team member governments",
        InnovationTeam.member_governments,
        (
            (team.pk, run.governments[government].pk)
            for team, governments in zip(run.teams, run.team_governments, strict=True)
            for government in governments[1:]
        ),
    )


def _create_memberships(run, count):
    """Memberships shared evenly among the teams: distinct people per team, most of them
    officials of the team's governments, the first one the lead; some have ended."""
    rng = run.rng
    per_team = _spread(count, [1] * len(run.teams), cap=len(run.person_pks))

    def memberships():
        for team, governments, members in zip(
            run.teams, run.team_governments, per_team, strict=True
        ):
            for position, person in enumerate(_team_members(run, governments, members)):
                if position == 0:
                    role = Membership.Role.LEAD
                else:
                    role = run.choose(
                        (
                            (Membership.Role.MEMBER, 80),
                            (Membership.Role.EXPERT_ADVISER, 13),
                            (Membership.Role.SYSTEMS_CHANGE_COACH, 7),
                        )
                    )[0]
                started_on = team.starts_on + run.days(0, 60)
                ended_on = started_on + run.days(30, 400) if rng.random() < 0.15 else None
                yield Membership(
                    team_id=team.pk,
                    person_id=run.person_pks[person],
                    role=role,
                    started_on=started_on,
                    ended_on=ended_on,
                )

    _insert(run, "memberships", Membership, memberships(), total=sum(per_team))


def _team_members(run, governments, count):
    """``count`` distinct people (indexes): about 70 % from the team's governments."""
    rng = run.rng
    people = len(run.person_pks)
    pool = [
        person
        for government in governments
        for person in run.people_by_government.get(government, ())
    ]
    members = rng.sample(pool, min(len(pool), round(count * 0.7)))
    chosen = set(members)
    if (count - len(members)) * 2 > people:
        # Most people are needed: take them in a shuffled order rather than by chance.
        members += [person for person in rng.sample(range(people), people) if person not in chosen]
        return members[:count]
    while len(members) < count:
        person = rng.randrange(people)
        if person not in chosen:
            chosen.add(person)
            members.append(person)
    return members


def _create_deliverables(run, count):
    """Deliverables shared evenly among the teams, due during the team's life; those due in
    the past are mostly done, those to come mostly planned."""
    rng = run.rng
    per_team = _spread(count, [1] * len(run.teams), cap=count)

    def deliverables():
        for team, theme, deliverables_count in zip(
            run.teams, run.team_themes, per_team, strict=True
        ):
            for number in range(1, deliverables_count + 1):
                kind = run.choose(
                    (
                        (Deliverable.Kind.STRATEGY, 20),
                        (Deliverable.Kind.MILESTONE, 50),
                        (Deliverable.Kind.REPORT, 30),
                    )
                )[0]
                due_on = team.starts_on + run.days(30, 720)
                if due_on < run.today:
                    mix = ((Deliverable.Status.DONE, 70), (Deliverable.Status.IN_PROGRESS, 20))
                    mix += ((Deliverable.Status.PLANNED, 10),)
                else:
                    mix = ((Deliverable.Status.PLANNED, 60), (Deliverable.Status.IN_PROGRESS, 35))
                    mix += ((Deliverable.Status.DONE, 5),)
                status = run.choose(mix)[0]
                completed_on = None
                if status == Deliverable.Status.DONE:
                    completed_on = min(due_on + run.days(-30, 15), run.today)
                public = rng.random() < 0.4
                topic = _topic(run, theme)
                yield Deliverable(
                    team_id=team.pk,
                    title=f"{Deliverable.Kind(kind).label}: {topic}",
                    kind=kind,
                    due_on=due_on,
                    status=status,
                    completed_on=completed_on,
                    summary=f"A synthetic {kind} of the team on {topic.lower()}.",
                    url=f"https://{EMAIL_DOMAIN}/deliverables/{team.slug}-{number}"
                    if public
                    else "",
                    visibility=(
                        Deliverable.Visibility.PUBLIC
                        if public
                        else Deliverable.Visibility.TEAM_ONLY
                    ),
                )

    _insert(run, "deliverables", Deliverable, deliverables(), total=count)


def _create_secondments(run, count):
    """Secondments of officials from their own government to another one or to an
    organisation, from three years back to a year ahead; the status follows from the dates
    (completed, under way, approved or proposed), and one in twenty was cancelled.

    Each secondment is of a different official, so none overlap; at scales too tiny to have
    that many officials, there are fewer secondments.
    """
    rng = run.rng
    officials = [
        index for index, government in enumerate(run.person_governments) if government is not None
    ]
    first_day = run.today - datetime.timedelta(days=3 * 365)
    for person in rng.sample(officials, min(count, len(officials))):
        home = run.person_governments[person]
        starts_on = first_day + run.days(0, 4 * 365)
        ends_on = starts_on + run.days(30, 365)
        host_government = host_organisation = None
        if rng.random() < 0.7:
            host = rng.randrange(len(run.governments) - 1)
            host_government = run.governments[host + 1 if host >= home else host]
        else:
            host_organisation = run.organisations[rng.randrange(len(run.organisations))]
        if rng.random() < 0.05:
            status = Secondment.Status.CANCELLED
        elif ends_on < run.today:
            status = Secondment.Status.COMPLETED
        elif starts_on <= run.today:
            status = Secondment.Status.UNDER_WAY
        elif rng.random() < 0.6:
            status = Secondment.Status.APPROVED
        else:
            status = Secondment.Status.PROPOSED
        team = theme = None
        if rng.random() < 0.4:
            team = rng.randrange(len(run.teams))
            theme = run.team_themes[team]
        elif rng.random() < 0.8:
            theme = rng.randrange(len(run.themes))
        topic = _topic(run, 0 if theme is None else theme)
        host_name = (host_government or host_organisation).name
        run.secondments.append(
            Secondment(
                person_id=run.person_pks[person],
                home_government=run.governments[home],
                host_government=host_government,
                host_organisation=host_organisation,
                starts_on=starts_on,
                ends_on=ends_on,
                purpose=f"To learn how {host_name} approaches {topic.lower()}.",
                theme=None if theme is None else run.themes[theme],
                team=None if team is None else run.teams[team],
                status=status,
                outcome_report=(
                    f"What {host_name} does on {topic.lower()} (synthetic)."
                    if status == Secondment.Status.COMPLETED
                    else ""
                ),
            )
        )
    _insert(run, "secondments", Secondment, run.secondments, total=len(run.secondments))


def _create_learnings(run, count):
    """Learnings about a government, an organisation or both; most come from a past event,
    a team or a secondment, most are published."""
    rng = run.rng
    past_events = [
        event
        for event in run.events
        if event.status == Event.Status.PUBLISHED and event.ends_at <= run.now
    ]
    learnings, theme_links = [], []
    for number in range(1, count + 1):
        themes = _some_themes(run, 2)
        topic = _topic(run, themes[0])
        about = rng.random()
        government = organisation = None
        if about < 0.75:
            government = run.governments[rng.randrange(len(run.governments))]
        if about >= 0.6:
            organisation = run.organisations[rng.randrange(len(run.organisations))]
        source = rng.random()
        source_event = source_team = source_secondment = None
        if source < 0.3 and past_events:
            source_event = rng.choice(past_events)
        elif 0.3 <= source < 0.55:
            source_team = rng.choice(run.teams)
        elif 0.55 <= source < 0.75:
            source_secondment = rng.choice(run.secondments)
        is_published = rng.random() < 0.8
        learnings.append(
            Learning(
                title=f"{topic}: lessons from {(government or organisation).name}",
                slug=f"{SLUG_PREFIX}learning-{number:04d}",
                summary=f"What the programme learned about {topic.lower()} (synthetic).",
                body=f"A synthetic case study on {topic.lower()}, written for benchmarks.",
                government=government,
                organisation=organisation,
                source_event=source_event,
                source_team=source_team,
                source_secondment=source_secondment,
                is_published=is_published,
                published_on=run.today - run.days(0, 900) if is_published else None,
            )
        )
        theme_links.append(themes)
    _insert(run, "learnings", Learning, learnings, total=count)
    _link(
        run,
        "learning themes",
        Learning.themes,
        (
            (learning.pk, run.themes[theme].pk)
            for learning, themes in zip(learnings, theme_links, strict=True)
            for theme in themes
        ),
    )
