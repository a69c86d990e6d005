"""One run of the scale-data generator: what it has drawn and written, and the helpers that
write rows in batches, link many-to-many relations and share counts out."""

import datetime
import itertools
import random
from dataclasses import dataclass, field

from django.db.models import Q

from itp.demo.programme import THEMES
from itp.models import Theme

from .names import SyntheticNames

# Synthetic rows are recognisable by these (see the package's docstring).
SLUG_PREFIX = "scale-"
EMAIL_DOMAIN = "scale.example"
BATCH_SIZE = 5_000

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


@dataclass
class Run:
    """What one generation run has drawn and written so far."""

    rng: random.Random
    today: datetime.date
    now: datetime.datetime
    progress: object
    names: SyntheticNames
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

    def place_name(self, country):
        """The name of a place in ``country`` (see ``names``)."""
        return self.names.place(country)

    def topic(self, theme_index):
        """Something a theme's events, sessions, teams and learnings are about."""
        return self.rng.choice(TOPICS[theme_index])

    def some_themes(self, most):
        """Indexes of one to ``most`` distinct programme themes."""
        return sorted(self.rng.sample(range(len(self.themes)), self.rng.randint(1, most)))


def programme_themes(run):
    """The five programme themes in THEMES order: reused by slug or name, created if missing."""
    created = 0
    for slug, name, description in THEMES:
        theme = Theme.objects.filter(Q(slug=slug) | Q(name=name)).order_by("pk").first()
        if theme is None:
            theme = Theme.objects.create(slug=slug, name=name, description=description)
            created += 1
        run.themes.append(theme)
    run.written["themes created"] = created


def insert(run, stage, model, objects, *, total, after_batch=None):
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


def link(run, stage, relation, pairs):
    """Insert the links of the many-to-many ``relation`` (e.g. ``Event.themes``) between the
    primary keys in ``pairs``, through its intermediate model."""
    through = relation.through
    source = relation.field.m2m_field_name() + "_id"
    target = relation.field.m2m_reverse_field_name() + "_id"
    pairs = list(pairs)
    rows = (through(**{source: left, target: right}) for left, right in pairs)
    return insert(run, stage, through, rows, total=len(pairs))


def spread(total, weights, *, cap):
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


def unique_name(used, make):
    """``make()`` until a name not in ``used`` comes out; numbered after a few collisions."""
    for _attempt in range(20):
        name = make()
        if name not in used:
            break
    else:
        name = f"{name} {len(used) + 1}"
    used.add(name)
    return name
