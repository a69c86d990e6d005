"""The demo programme's innovation teams, secondments and learnings."""

import datetime

from itp.models import Learning
from regions.models import Person
from teams import services as team_services
from teams.models import Deliverable, InnovationTeam, Membership, Secondment
from workshops.models import Event

from .rows import update_or_create_quietly

KICK_OFF_TEAMS_START = datetime.date(2019, 10, 1)

TEAMS = [
    {
        "slug": "hydrogen-in-heavy-industry",
        "name": "Hydrogen in heavy industry",
        "theme": "sustainable-hydrogen",
        "lead": "north-rhine-westphalia",
        "members": ("scotland", "quebec"),
        "ends_on": None,
        "challenge": (
            "Steel, chemicals and cement need high-temperature heat and feedstocks that "
            "electricity alone cannot give. How can regional governments help industry switch "
            "to sustainable hydrogen while the supply, the pipelines and the prices are still "
            "uncertain?"
        ),
        "summary": (
            "The team compares the hydrogen strategies of its three governments and drafts a "
            "shared roadmap for hydrogen-ready industrial clusters."
        ),
    },
    {
        "slug": "energy-efficiency-in-energy-intensive-industry",
        "name": "Energy efficiency in energy-intensive industry",
        "theme": "energy-efficiency-renewables",
        "lead": "lombardy",
        "members": ("silesia", "minnesota", "emilia-romagna"),
        "ends_on": None,
        "challenge": (
            "Energy-intensive plants waste much of their heat. How can regions turn industrial "
            "waste heat into heating and power for homes, as the iRecovery project in Brescia "
            "does, and make such projects the rule rather than the exception?"
        ),
        "summary": (
            "Building on the site visit to ORI Martin, the team maps waste-heat potential in "
            "its regions and the rules that stand in the way of using it."
        ),
    },
    {
        "slug": "finance-for-industrial-decarbonisation",
        "name": "Finance for industrial decarbonisation",
        "theme": "innovative-finance",
        "lead": "california",
        "members": ("hauts-de-france", "wales"),
        "ends_on": datetime.date(2021, 12, 31),
        "challenge": (
            "Low-carbon industrial processes cost more up front and pay back over decades. "
            "Which public finance and investment models crowd in private capital fastest?"
        ),
        "summary": (
            "The team reviewed green banks, carbon contracts for difference and regional "
            "investment funds, and published a guide for member governments."
        ),
    },
]

# (team, person's e-mail, role, from, to)
MEMBERSHIPS = [
    ("hydrogen-in-heavy-industry", "katrin.albers@north-rhine-westphalia.example", "lead"),
    ("hydrogen-in-heavy-industry", "jonas.werner@north-rhine-westphalia.example", "member"),
    ("hydrogen-in-heavy-industry", "callum.reid@scotland.example", "member"),
    ("hydrogen-in-heavy-industry", "étienne.lavoie@quebec.example", "member"),
    ("hydrogen-in-heavy-industry", "elena.vitali@tenova.example", "expert_adviser"),
    ("hydrogen-in-heavy-industry", "nadia.rahman@theclimategroup.example", "systems_change_coach"),
    ("energy-efficiency-in-energy-intensive-industry", "giulia.ferraro@lombardy.example", "lead"),
    ("energy-efficiency-in-energy-intensive-industry", "demo-participant@lombardy.example",
     "member"),
    ("energy-efficiency-in-energy-intensive-industry", "agnieszka.nowak@silesia.example",
     "member"),
    ("energy-efficiency-in-energy-intensive-industry", "karen.lindqvist@minnesota.example",
     "member"),
    ("energy-efficiency-in-energy-intensive-industry",
     "francesca.rinaldi@emilia-romagna.example", "member"),
    ("energy-efficiency-in-energy-intensive-industry", "matteo.ricci@turboden.example",
     "expert_adviser"),
    ("energy-efficiency-in-energy-intensive-industry", "laura.conti@a2a.example",
     "expert_adviser"),
    ("energy-efficiency-in-energy-intensive-industry", "ben.carter@theclimategroup.example",
     "systems_change_coach"),
    ("finance-for-industrial-decarbonisation", "dana.whitfield@california.example", "lead"),
    ("finance-for-industrial-decarbonisation", "luis.ortega@california.example", "member"),
    ("finance-for-industrial-decarbonisation", "claire.dubois@hauts-de-france.example", "member"),
    ("finance-for-industrial-decarbonisation", "rhian.pritchard@wales.example", "member"),
    ("finance-for-industrial-decarbonisation", "hannah.vogel@stiftung-mercator.example",
     "expert_adviser"),
    ("finance-for-industrial-decarbonisation", "nadia.rahman@theclimategroup.example",
     "systems_change_coach"),
]  # fmt: skip

# Marco Bellini took part in the first year of the efficiency team and then moved on.
PAST_MEMBERSHIP = (
    "energy-efficiency-in-energy-intensive-industry",
    "marco.bellini@lombardy.example",
    "member",
    datetime.date(2020, 9, 30),
)

DONE, IN_PROGRESS, PLANNED = (
    Deliverable.Status.DONE,
    Deliverable.Status.IN_PROGRESS,
    Deliverable.Status.PLANNED,
)
PUBLIC, TEAM_ONLY = Deliverable.Visibility.PUBLIC, Deliverable.Visibility.TEAM_ONLY

# (team, title, kind, due, status, completed, visibility, summary)
DELIVERABLES = [
    ("hydrogen-in-heavy-industry", "Comparison of regional hydrogen strategies",
     Deliverable.Kind.REPORT, datetime.date(2020, 6, 30), DONE, datetime.date(2020, 6, 19),
     PUBLIC, "What the strategies of North Rhine-Westphalia, Scotland and Quebec share."),
    ("hydrogen-in-heavy-industry", "Roadmap for hydrogen-ready industrial clusters",
     Deliverable.Kind.STRATEGY, datetime.date(2027, 6, 30), IN_PROGRESS, None, PUBLIC,
     "A shared roadmap: demand, supply, infrastructure and regulation, in that order."),
    ("hydrogen-in-heavy-industry", "Draft position on hydrogen import terminals",
     Deliverable.Kind.MILESTONE, datetime.date(2027, 3, 31), IN_PROGRESS, None, TEAM_ONLY,
     "Not for circulation until the three governments have agreed it."),
    ("energy-efficiency-in-energy-intensive-industry", "Waste-heat potential map",
     Deliverable.Kind.REPORT, datetime.date(2020, 12, 15), DONE, datetime.date(2020, 12, 10),
     PUBLIC, "Where industrial waste heat meets district heating demand in four regions."),
    ("energy-efficiency-in-energy-intensive-industry", "Regulatory barriers to heat recovery",
     Deliverable.Kind.MILESTONE, datetime.date(2021, 3, 31), PLANNED, None, TEAM_ONLY,
     "Each region lists the permits and tariffs that hold heat recovery back."),
    ("energy-efficiency-in-energy-intensive-industry", "Heat recovery strategy for members",
     Deliverable.Kind.STRATEGY, datetime.date(2027, 9, 30), PLANNED, None, PUBLIC,
     "A strategy each member government can adapt to its own industry."),
    ("finance-for-industrial-decarbonisation", "Guide to green investment models",
     Deliverable.Kind.REPORT, datetime.date(2021, 11, 30), DONE, datetime.date(2021, 11, 26),
     PUBLIC, "Green banks, carbon contracts for difference and regional funds compared."),
    ("finance-for-industrial-decarbonisation", "Investor round-table notes",
     Deliverable.Kind.MILESTONE, datetime.date(2021, 5, 31), DONE, datetime.date(2021, 6, 4),
     TEAM_ONLY, "Notes from the round-table with investors, under the Chatham House rule."),
]  # fmt: skip


def load_demo_teams(*, themes, organisations, governments, today):
    """Create or update the demo teams, memberships, deliverables, secondments, learnings."""
    people = {person.email.lower(): person for person in Person.objects.all()}
    teams = _load_teams(themes, governments)
    _load_memberships(teams, people)
    _load_deliverables(teams)
    secondments = _load_secondments(themes, organisations, governments, teams, people, today)
    _load_learnings(themes, organisations, governments, secondments)


def _load_teams(themes, governments):
    teams = {}
    for demo in TEAMS:
        team = update_or_create_quietly(
            InnovationTeam,
            {"slug": demo["slug"]},
            {
                "name": demo["name"],
                "challenge": demo["challenge"],
                "summary": demo["summary"],
                "theme": themes[demo["theme"]],
                "lead_government": governments[demo["lead"]],
                "starts_on": KICK_OFF_TEAMS_START,
                "ends_on": demo["ends_on"],
            },
        )
        team.member_governments.set([governments[slug] for slug in demo["members"]])
        teams[demo["slug"]] = team
    return teams


def _load_memberships(teams, people):
    for team_slug, email, role in MEMBERSHIPS:
        team, person = teams[team_slug], people[email]
        if not Membership.objects.filter(team=team, person=person).exists():
            team_services.add_membership(
                team=team, person=person, role=role, started_on=KICK_OFF_TEAMS_START
            )
    team_slug, email, role, ended_on = PAST_MEMBERSHIP
    team, person = teams[team_slug], people[email]
    if not Membership.objects.filter(team=team, person=person).exists():
        membership = team_services.add_membership(
            team=team, person=person, role=role, started_on=KICK_OFF_TEAMS_START
        )
        team_services.end_membership(membership=membership, ended_on=ended_on)


def _load_deliverables(teams):
    for team_slug, title, kind, due_on, status, completed_on, visibility, summary in DELIVERABLES:
        update_or_create_quietly(
            Deliverable,
            {"team": teams[team_slug], "title": title},
            {
                "kind": kind,
                "due_on": due_on,
                "status": status,
                "completed_on": completed_on,
                "visibility": visibility,
                "summary": summary,
            },
        )


def _load_secondments(themes, organisations, governments, teams, people, today):
    """Four secondments, one in each state but cancelled, taken there by the lifecycle steps.

    The completed one has fixed dates; the others are dated from the day they are first
    created and then left alone, like the upcoming events.
    """
    week = datetime.timedelta(weeks=1)
    demo = [
        (
            "callum.reid@scotland.example",
            {"host_government": governments["north-rhine-westphalia"]},
            datetime.date(2020, 2, 3),
            datetime.date(2020, 4, 30),
            "sustainable-hydrogen",
            "hydrogen-in-heavy-industry",
            "To learn how North Rhine-Westphalia brings steelmakers, utilities and ports "
            "together around hydrogen, for Scotland's own hydrogen action plan.",
            ("approve", "start", "complete"),
        ),
        (
            "mathieu.leroy@hauts-de-france.example",
            {"host_government": governments["lombardy"]},
            today - 6 * week,
            today + 6 * week,
            "energy-efficiency-renewables",
            "",
            "To work with Lombardy's energy team on industrial waste heat and bring the "
            "iRecovery model to the steel and glass plants of Hauts-de-France.",
            ("approve", "start"),
        ),
        (
            "demo-participant@lombardy.example",
            {"host_government": governments["silesia"]},
            today + 8 * week,
            today + 16 * week,
            "energy-efficiency-renewables",
            "energy-efficiency-in-energy-intensive-industry",
            "To study how Silesia plans heat networks around its industrial sites during its "
            "coal transition.",
            ("approve",),
        ),
        (
            "jonas.werner@north-rhine-westphalia.example",
            {"host_organisation": organisations["tenova"]},
            today + 20 * week,
            today + 32 * week,
            "sustainable-hydrogen",
            "hydrogen-in-heavy-industry",
            "To spend three months with Tenova's engineers on hydrogen-ready furnaces for "
            "North Rhine-Westphalia's steel industry.",
            (),
        ),
    ]
    secondments = {}
    for email, host, starts_on, ends_on, theme, team, purpose, steps in demo:
        person = people[email]
        secondment = Secondment.objects.filter(person=person, **host).first()
        if secondment is None:
            secondment = Secondment(
                person=person,
                home_government=person.government,
                starts_on=starts_on,
                ends_on=ends_on,
                purpose=purpose,
                theme=themes[theme],
                team=teams.get(team),
                **host,
            )
            secondment.full_clean()
            secondment.save()
            for step in steps:
                secondment = _SECONDMENT_STEPS[step](secondment=secondment)
        secondments[email] = secondment
    completed = secondments["callum.reid@scotland.example"]
    outcome = (
        "A memorandum on hydrogen cluster governance, shared with the Scottish Government's "
        "hydrogen team and the Innovation Team."
    )
    if completed.outcome_report != outcome:
        completed.outcome_report = outcome
        completed.save(update_fields=["outcome_report", "updated_at"])
    return secondments


_SECONDMENT_STEPS = {
    "approve": team_services.approve_secondment,
    "start": team_services.start_secondment,
    "complete": team_services.complete_secondment,
}


def _load_learnings(themes, organisations, governments, secondments):
    irecovery = update_or_create_quietly(
        Learning,
        {"slug": "irecovery-waste-heat-ori-martin"},
        {
            "title": "iRecovery: waste heat from a steelworks warms a city",
            "summary": (
                "At ORI Martin's electric arc furnace steelworks in Brescia, heat that used to "
                "be lost now heats 2,000 families through district heating in winter and makes "
                "electricity for 700 families in summer."
            ),
            "body": (
                "iRecovery, the first project of its kind in Italy, was built by ORI Martin "
                "with Tenova, Turboden and A2A. Tenova's system recovers heat from the furnace's "
                "off-gas; in winter A2A feeds it into Brescia's district heating network, and "
                "in summer a Turboden organic Rankine cycle turbine turns it into electricity.\n\n"
                "Participants of the Industry Transition Platform visited the plant during the "
                "kick-off workshop in Milan in April 2019. What they took home: waste heat "
                "projects need a heat customer next door, a utility willing to take the heat, "
                "and contracts that share the risk between the plant and the network."
            ),
            "government": governments["lombardy"],
            "organisation": organisations["ori-martin"],
            "source_event": Event.objects.get(slug="milan-kick-off-workshop-2019"),
            "source_team": None,
            "source_secondment": None,
            "is_published": True,
            "published_on": datetime.date(2019, 5, 15),
        },
    )
    irecovery.themes.set([themes["energy-efficiency-renewables"], themes["low-carbon-innovation"]])
    hydrogen = update_or_create_quietly(
        Learning,
        {"slug": "governing-a-hydrogen-cluster"},
        {
            "title": "Governing a hydrogen cluster: lessons from a secondment",
            "summary": (
                "Three months inside North Rhine-Westphalia's hydrogen work showed that a "
                "cluster needs one body that speaks for industry, ports and utilities together."
            ),
            "body": (
                "A Scottish official seconded to North Rhine-Westphalia in 2020 followed how "
                "the state convenes steelmakers, chemical companies, utilities and ports "
                "around hydrogen. The lesson for other governments: fund the convening before "
                "the infrastructure, and agree early who will buy the first hydrogen."
            ),
            "government": governments["scotland"],
            "organisation": None,
            "source_event": None,
            "source_team": None,
            "source_secondment": secondments["callum.reid@scotland.example"],
            "is_published": True,
            "published_on": datetime.date(2020, 6, 1),
        },
    )
    hydrogen.themes.set([themes["sustainable-hydrogen"]])
