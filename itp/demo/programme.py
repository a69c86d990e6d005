"""The programme's demo data, as the programme's public description tells it.

Loading is idempotent: every row is looked up by a natural key (slug, e-mail, user name) and
brought to the state below, so a second run changes nothing.
"""

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from itp.models import Theme
from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF, setup_roles
from regions.models import Government, Organisation, Person
from workshops.models import Message

from .events import UPCOMING_EVENTS, load_demo_events
from .feedback import load_demo_feedback
from .materials import load_demo_materials
from .rows import update_or_create_quietly
from .teams import load_demo_teams
from .translations import load_demo_translations

FIGURES_SOURCE = (
    "Approximate figures for demonstration only, not official statistics: chosen so that the "
    "ten member governments together match the totals the programme published in 2019 "
    "(over 100 million people, over 5 trillion USD GDP, 1,273 Mt CO2e, an average of 36 % "
    "of emissions from industry)."
)
FIGURES_YEAR = 2019
JOINED_ON = datetime.date(2019, 4, 1)

THEMES = [
    (
        "low-carbon-innovation",
        "Low-carbon innovation in partnership with industry",
        "Driving low-carbon innovation together with industry.",
    ),
    (
        "energy-efficiency-renewables",
        "Industrial energy efficiency and renewable energy",
        "Using less energy in industry, and cleaner energy for what it still needs.",
    ),
    (
        "innovative-finance",
        "Innovative finance and investment models",
        "Finance and investment models that make the industrial transition affordable.",
    ),
    (
        "industry-stakeholders",
        "Engaging with industry stakeholders",
        "Meaningful dialogue and knowledge transfer between government and industry.",
    ),
    (
        "sustainable-hydrogen",
        "Industrial production and use of sustainable hydrogen",
        "Industrial applications for the production and use of sustainable hydrogen.",
    ),
]

ORGANISATIONS = [
    # slug, name, kind, country, city, website
    (
        "the-climate-group",
        "The Climate Group",
        Organisation.Kind.NGO,
        "GB",
        "London",
        "https://www.theclimategroup.org",
    ),
    (
        "stiftung-mercator",
        "Stiftung Mercator",
        Organisation.Kind.FUNDER,
        "DE",
        "Essen",
        "https://www.stiftung-mercator.de",
    ),
    ("ori-martin", "ORI Martin", Organisation.Kind.INDUSTRY, "IT", "Brescia", ""),
    ("tenova", "Tenova", Organisation.Kind.INDUSTRY, "IT", "Castellanza", ""),
    ("turboden", "Turboden", Organisation.Kind.INDUSTRY, "IT", "Brescia", ""),
    ("a2a", "A2A", Organisation.Kind.UTILITY, "IT", "Brescia", ""),
]


@dataclass(frozen=True)
class DemoGovernment:
    slug: str
    name: str
    country: str
    kind: str
    time_zone: str
    population: int
    gdp_billion_usd: int
    emissions_mt_co2e: int
    industry_share_percent: int
    website: str
    themes: tuple[str, ...]
    people: tuple[tuple[str, str, bool], ...]  # name, job title, consents to public listing


GOVERNMENTS = [
    DemoGovernment(
        "north-rhine-westphalia", "North Rhine-Westphalia", "DE", Government.Kind.STATE,
        "Europe/Berlin", 17_930_000, 830, 280, 40, "https://www.land.nrw",
        ("low-carbon-innovation", "sustainable-hydrogen", "industry-stakeholders"),
        (("Katrin Albers", "Head of Industrial Climate Policy", True),
         ("Jonas Werner", "Policy Officer, Hydrogen", False)),
    ),
    DemoGovernment(
        "lombardy", "Lombardy", "IT", Government.Kind.REGION,
        "Europe/Rome", 10_060_000, 460, 80, 35, "https://www.regione.lombardia.it",
        ("energy-efficiency-renewables", "industry-stakeholders"),
        (("Giulia Ferraro", "Director, Environment and Climate", True),
         ("Marco Bellini", "Energy Efficiency Officer", True)),
    ),
    DemoGovernment(
        "california", "California", "US", Government.Kind.STATE,
        "America/Los_Angeles", 39_560_000, 2_970, 425, 24, "https://www.ca.gov",
        ("innovative-finance", "low-carbon-innovation"),
        (("Dana Whitfield", "Industrial Decarbonisation Lead", True),
         ("Luis Ortega", "Climate Finance Analyst", False)),
    ),
    DemoGovernment(
        "scotland", "Scotland", "GB", Government.Kind.NATION,
        "Europe/London", 5_440_000, 220, 41, 28, "https://www.gov.scot",
        ("sustainable-hydrogen", "energy-efficiency-renewables"),
        (("Fiona MacLeod", "Head of Industrial Transition", True),
         ("Callum Reid", "Hydrogen Policy Manager", True)),
    ),
    DemoGovernment(
        "wales", "Wales", "GB", Government.Kind.NATION,
        "Europe/London", 3_140_000, 100, 45, 51, "https://www.gov.wales",
        ("industry-stakeholders", "energy-efficiency-renewables"),
        (("Rhian Pritchard", "Deputy Director, Decarbonisation", True),
         ("Owain Hughes", "Industry Engagement Officer", False)),
    ),
    DemoGovernment(
        "hauts-de-france", "Hauts-de-France", "FR", Government.Kind.REGION,
        "Europe/Paris", 6_000_000, 190, 55, 50, "https://www.hautsdefrance.fr",
        ("low-carbon-innovation", "innovative-finance"),
        (("Claire Dubois", "Head of the Third Industrial Revolution Mission", True),
         ("Mathieu Leroy", "Project Officer, Circular Economy", True)),
    ),
    DemoGovernment(
        "silesia", "Silesia", "PL", Government.Kind.VOIVODESHIP,
        "Europe/Warsaw", 4_530_000, 70, 78, 45, "https://www.slaskie.pl",
        ("energy-efficiency-renewables", "innovative-finance"),
        (("Agnieszka Nowak", "Director, Regional Development", True),
         ("Piotr Zieliński", "Energy Transition Specialist", False)),
    ),
    DemoGovernment(
        "quebec", "Quebec", "CA", Government.Kind.PROVINCE,
        "America/Toronto", 8_390_000, 340, 79, 32, "https://www.quebec.ca",
        ("sustainable-hydrogen", "low-carbon-innovation"),
        (("Isabelle Gagnon", "Director, Industrial Climate Programmes", True),
         ("Étienne Lavoie", "Green Hydrogen Adviser", True)),
    ),
    DemoGovernment(
        "minnesota", "Minnesota", "US", Government.Kind.STATE,
        "America/Chicago", 5_610_000, 370, 150, 20, "https://mn.gov",
        ("energy-efficiency-renewables", "industry-stakeholders"),
        (("Karen Lindqvist", "Industrial Energy Programme Manager", True),
         ("Samuel Okafor", "Policy Analyst", False)),
    ),
    DemoGovernment(
        "emilia-romagna", "Emilia-Romagna", "IT", Government.Kind.REGION,
        "Europe/Rome", 4_460_000, 190, 40, 35, "https://www.regione.emilia-romagna.it",
        ("innovative-finance", "industry-stakeholders"),
        (("Francesca Rinaldi", "Head of Energy and Climate Policy", True),
         ("Lorenzo Gatti", "Research and Innovation Officer", True)),
    ),
]  # fmt: skip

# Experts and systems change coaches who work with the innovation teams.
EXPERTS = [
    # e-mail, name, kind, job title, organisation, consents to public listing
    ("elena.vitali@tenova.example", "Elena Vitali", Person.Kind.INDUSTRY_EXPERT,
     "Head of Hydrogen-Ready Furnaces", "tenova", True),
    ("matteo.ricci@turboden.example", "Matteo Ricci", Person.Kind.INDUSTRY_EXPERT,
     "Waste Heat Recovery Engineer", "turboden", True),
    ("laura.conti@a2a.example", "Laura Conti", Person.Kind.INDUSTRY_EXPERT,
     "District Heating Development Manager", "a2a", False),
    ("nadia.rahman@theclimategroup.example", "Nadia Rahman",
     Person.Kind.SYSTEMS_CHANGE_SPECIALIST, "Systems Change Coach", "the-climate-group", True),
    ("ben.carter@theclimategroup.example", "Ben Carter",
     Person.Kind.SYSTEMS_CHANGE_SPECIALIST, "Systems Change Coach", "the-climate-group", True),
    ("hannah.vogel@stiftung-mercator.example", "Hannah Vogel", Person.Kind.RESEARCH_EXPERT,
     "Senior Expert, Climate Finance", "stiftung-mercator", True),
]  # fmt: skip

# What some of the people who consent to be listed say about themselves on their page.
BIOGRAPHIES = {
    "ori-martin.energy@ori-martin.example": (
        "Paolo runs energy at the ORI Martin steel plant in Brescia, where the iRecovery "
        "project turns the heat of the electric arc furnace into district heating for 2,000 "
        "families in winter and electricity for 700 in summer.\n\n"
        "He shows visiting delegations round the plant and explains what it took to make "
        "waste heat pay."
    ),
    "elena.vitali@tenova.example": (
        "Elena designs furnaces that can switch from natural gas to hydrogen, and advises the "
        "innovation teams on what heavy industry needs before it can make the switch."
    ),
    "matteo.ricci@turboden.example": (
        "Matteo engineers organic Rankine cycle systems that turn low-temperature industrial "
        "heat into electricity."
    ),
    "demo-staff@theclimategroup.example": (
        "Amelia manages the Industry Transition Platform at the secretariat: its workshops, "
        "webinars, innovation teams and secondments."
    ),
    "hannah.vogel@stiftung-mercator.example": (
        "Hannah works on climate finance and on how public funding can bring private "
        "investment into low-carbon industry."
    ),
}

# Login accounts for trying the site, each tied to a person.
DEMO_USERS = [
    # user name, superuser, staff, person's e-mail, role
    ("demo-staff", True, True, "demo-staff@theclimategroup.example", PROGRAMME_STAFF),
    ("demo-coordinator", False, True, "demo-coordinator@theclimategroup.example", COORDINATORS),
    ("demo-participant", False, False, "demo-participant@lombardy.example", PARTICIPANTS),
]


@dataclass
class DemoResult:
    """What a load did: the demo users' password, if one was set or generated."""

    password: str | None = None
    password_generated: bool = False
    users_created: list[str] = field(default_factory=list)


def load_demo_data(*, password=None, today=None):
    """Create or update the demo programme: themes, organisations, governments, people, events.

    With ``password`` the demo users are given it (left alone when it already matches);
    without it, users that do not exist yet get a generated password, returned in the result.
    Existing users keep theirs. Upcoming demo events are dated from ``today`` (default: the
    current date) when first created, and moved forward only once they are over, so the
    schedule always has something coming up. Runs in one transaction.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        last_message = Message.objects.aggregate(last=Max("pk"))["last"] or 0
        themes = _load_themes()
        organisations = _load_organisations()
        governments = _load_governments(themes)
        _load_people(governments, organisations)
        result = _load_demo_users(password)
        load_demo_events(
            themes=themes, organisations=organisations, governments=governments, today=today
        )
        load_demo_teams(
            themes=themes, organisations=organisations, governments=governments, today=today
        )
        load_demo_materials()
        load_demo_feedback()
        load_demo_translations()
        # The demo's registrations are made up: nobody is to be e-mailed about them.
        Message.objects.filter(
            pk__gt=last_message, event__slug__in=[event[0] for event in UPCOMING_EVENTS]
        ).delete()
        return result


def _load_themes():
    themes = {}
    for slug, name, description in THEMES:
        themes[slug] = update_or_create_quietly(
            Theme, {"slug": slug}, {"name": name, "description": description}
        )
    return themes


def _load_organisations():
    organisations = {}
    for slug, name, kind, country, city, website in ORGANISATIONS:
        organisations[slug] = update_or_create_quietly(
            Organisation,
            {"slug": slug},
            {
                "name": name,
                "kind": kind,
                "country": country,
                "city": city,
                "website": website,
            },
        )
    return organisations


# Each government's region in the public-holiday calendars of the holidays library. Italy's
# calendar knows provinces and cities (Milan's Sant'Ambrogio, Bologna's San Petronio), not
# regions, and France's and Poland's regions keep the national holidays (Silesia's code is
# kept all the same), so Lombardy, Emilia-Romagna and Hauts-de-France take their country's.
HOLIDAY_SUBDIVISIONS = {
    "north-rhine-westphalia": "NW",
    "california": "CA",
    "scotland": "SCT",
    "wales": "WLS",
    "silesia": "24",
    "quebec": "QC",
    "minnesota": "MN",
}


def _load_governments(themes):
    governments = {}
    for demo in GOVERNMENTS:
        government = update_or_create_quietly(
            Government,
            {"slug": demo.slug},
            {
                "name": demo.name,
                "country": demo.country,
                "kind": demo.kind,
                "time_zone": demo.time_zone,
                "holiday_subdivision": HOLIDAY_SUBDIVISIONS.get(demo.slug, ""),
                "population": demo.population,
                "gdp_billion_usd": Decimal(demo.gdp_billion_usd),
                "emissions_mt_co2e": Decimal(demo.emissions_mt_co2e),
                "industry_share_percent": Decimal(demo.industry_share_percent),
                "figures_year": FIGURES_YEAR,
                "figures_source": FIGURES_SOURCE,
                "website": demo.website,
                "summary": (
                    f"{demo.name} is one of the ten founding member governments of the "
                    "Industry Transition Platform."
                ),
                "joined_on": JOINED_ON,
                "is_active": True,
            },
        )
        government.themes.set([themes[slug] for slug in demo.themes])
        governments[demo.slug] = government
    return governments


def _load_people(governments, organisations):
    for demo in GOVERNMENTS:
        for name, job_title, consents in demo.people:
            local_part = name.lower().replace(" ", ".")
            _update_or_create_person(
                email=f"{local_part}@{demo.slug}.example",
                name=name,
                kind=Person.Kind.GOVERNMENT_OFFICIAL,
                job_title=job_title,
                government=governments[demo.slug],
                consents_to_public_listing=consents,
            )
    climate_group = organisations["the-climate-group"]
    _update_or_create_person(
        email="demo-staff@theclimategroup.example",
        name="Amelia Grant",
        kind=Person.Kind.PROGRAMME_STAFF,
        job_title="Programme Manager, Industry Transition Platform",
        organisation=climate_group,
        consents_to_public_listing=True,
    )
    _update_or_create_person(
        email="demo-coordinator@theclimategroup.example",
        name="Tomás Reyes",
        kind=Person.Kind.PROGRAMME_STAFF,
        job_title="Monitoring and Reporting Coordinator",
        organisation=climate_group,
        consents_to_public_listing=True,
    )
    _update_or_create_person(
        email="demo-participant@lombardy.example",
        name="Chiara Colombo",
        kind=Person.Kind.GOVERNMENT_OFFICIAL,
        job_title="Industrial Policy Officer",
        government=governments["lombardy"],
        consents_to_public_listing=False,
    )
    _update_or_create_person(
        email="ori-martin.energy@ori-martin.example",
        name="Paolo Martinelli",
        kind=Person.Kind.INDUSTRY_EXPERT,
        job_title="Energy Manager, Brescia steel plant",
        organisation=organisations["ori-martin"],
        consents_to_public_listing=True,
    )
    for email, name, kind, job_title, organisation, consents in EXPERTS:
        _update_or_create_person(
            email=email,
            name=name,
            kind=kind,
            job_title=job_title,
            organisation=organisations[organisation],
            consents_to_public_listing=consents,
        )


def _update_or_create_person(*, email, **fields):
    fields.setdefault("government", None)
    fields.setdefault("organisation", None)
    fields.setdefault("biography", BIOGRAPHIES.get(email, ""))
    return update_or_create_quietly(
        Person, {"email__iexact": email}, fields, create_with={"email": email}
    )


def _load_demo_users(password):
    User = get_user_model()
    result = DemoResult(password=password)
    groups = setup_roles()
    for username, is_superuser, is_staff, email, role in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            if result.password is None:
                result.password = secrets.token_urlsafe(12)
                result.password_generated = True
            user = User(username=username)
            user.set_password(result.password)
            result.users_created.append(username)
        elif password is not None and not user.check_password(password):
            user.set_password(password)
        user.email = email
        user.is_superuser = is_superuser
        user.is_staff = is_staff
        user.save()
        if not user.groups.filter(pk=groups[role].pk).exists():
            user.groups.add(groups[role])
        Person.objects.filter(email__iexact=email).exclude(user=user).update(user=user)
    return result
