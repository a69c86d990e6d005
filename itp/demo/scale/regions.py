"""Scale data: governments, organisations and people."""

import datetime
from decimal import Decimal

from regions.models import Government, Organisation, Person

from .names import email_local_part
from .run import EMAIL_DOMAIN, SLUG_PREFIX, insert, link, unique_name

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

# What a listed person's biography says besides their title: three of these, so that the
# site search at scale meets biographies as long and as varied as real ones.
BIOGRAPHY_SENTENCES = [
    "Works on waste heat recovery from steelworks and its use in district heating networks.",
    "Leads the region's programme for low-carbon hydrogen in chemicals and refining.",
    "Advises industrial clusters on energy efficiency audits and electrification of process heat.",
    "Previously managed permitting for carbon capture projects at cement plants.",
    "Coordinates public finance for decarbonisation, from green bonds to contracts for difference.",
    "Researches skills and jobs in regions moving away from coal.",
    "Brings industry, unions and universities together on the industrial transition.",
    "Has spent ten years in energy-intensive manufacturing before joining the public sector.",
    "Writes on circular economy policy and the reuse of industrial by-products.",
    "Runs a secondment exchange between member governments' industry departments.",
]

FIGURES_SOURCE = "Synthetic figures for benchmarks (manage.py generate_scale_data), not statistics."


def create_governments(run, count):
    rng = run.rng
    used = set(Government.objects.values_list("name", flat=True))
    theme_links = []
    for number in range(1, count + 1):
        country, kind, time_zones = rng.choice(COUNTRIES)
        slug = f"{SLUG_PREFIX}government-{number:04d}"
        run.governments.append(
            Government(
                name=unique_name(used, lambda country=country: run.place_name(country)),
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
                summary=run.names.paragraph(),
                joined_on=datetime.date(2019, 4, 1) + run.days(0, 5 * 365),
                is_active=rng.random() < 0.95,
            )
        )
        theme_links.append(run.some_themes(3))
    insert(run, "governments", Government, run.governments, total=count)
    link(
        run,
        "government themes",
        Government.themes,
        (
            (government.pk, run.themes[theme].pk)
            for government, themes in zip(run.governments, theme_links, strict=True)
            for theme in themes
        ),
    )


def create_organisations(run, count):
    rng = run.rng
    used = set(Organisation.objects.values_list("name", flat=True))
    for number in range(1, count + 1):
        kind, _weight, endings = run.choose(ORGANISATION_KINDS)
        country, _kind, _zones = rng.choice(COUNTRIES)
        slug = f"{SLUG_PREFIX}organisation-{number:05d}"
        run.organisations.append(
            Organisation(
                name=unique_name(
                    used, lambda e=endings, c=country: f"{run.place_name(c)} {rng.choice(e)}"
                ),
                slug=slug,
                kind=kind,
                country=country,
                city=run.place_name(country),
                website=f"https://{slug}.example",
            )
        )
    insert(run, "organisations", Organisation, run.organisations, total=count)
    for index, organisation in enumerate(run.organisations):
        run.organisations_by_kind.setdefault(organisation.kind, []).append(index)


def create_people(run, count):
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
            if government is None:
                country = organisation.country
            else:
                country = run.governments[government].country
            first, last = run.names.person(country)
            local_part = email_local_part(first, last, number)
            listed = rng.random() < 0.7
            title = rng.choice(titles)
            biography = ""
            if listed:
                biography = " ".join(
                    [f"{first} {last} is {title}.", *rng.sample(BIOGRAPHY_SENTENCES, 3)]
                )
            yield Person(
                name=f"{first} {last}",
                # bulk_create calls no save(): the slug is made here, unique by its number.
                slug=SLUG_PREFIX + local_part.replace(".", "-"),
                email=f"{local_part}@{EMAIL_DOMAIN}",
                kind=kind,
                job_title=title,
                government=None if government is None else run.governments[government],
                organisation=organisation,
                consents_to_public_listing=listed,
                biography=biography,
            )

    # Only the primary keys are kept: at large scales the people would take much memory.
    insert(
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
