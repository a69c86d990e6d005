"""The reports the tests request: their names, query strings and URLs, the header row of each
of their sections, and the held secondments their figures count."""

from teams.models import Secondment

from .downloads import MILAN

FEEDBACK_FIGURES = [
    "Asked",
    "Responses",
    "Response rate (%)",
    "Mean rating",
    *(f"Rated {rating}" for rating in range(1, 6)),
]
# Each report's query string, and the header row of each of its sections.
QUERIES = {
    "programme-summary": "",
    "participation": "",
    "attendance": f"?event={MILAN}",
    "teams": "",
    "secondments": "",
    "feedback": "",
}
HEADERS = {
    "programme-summary": [
        ["Measure", "Value"],
        ["Kind", "Events"],
        ["Status", "Teams"],
        ["Status", "Deliverables"],
        [
            "Government",
            "Population",
            "GDP (bn USD)",
            "Emissions (Mt CO2e)",
            "Industry share (%)",
            "Events hosted",
            "Participants",
            "Registrations",
            "Attendance rate (%)",
            "Teams",
            "Secondments out",
            "Secondment-days",
            "Learnings",
        ],
    ],
    "participation": [
        [
            "Government",
            "People",
            "Registrations",
            "Attended",
            "Attendance rate (%)",
            "Events attended",
            "Team memberships",
            "Secondments out",
            "Secondments in",
            "Secondment-days out",
            "Secondment-days in",
        ]
    ],
    "attendance": [
        [
            "Event",
            "Event date",
            "Name",
            "Government",
            "Organisation",
            "Job title",
            "Status",
            "Mode",
        ],
        ["Event", "Event date", "Place", "Name", "Government", "Organisation", "Job title", "Mode"],
        ["Event", "Event date", "Name", "Government", "Organisation", "Job title", "Mode"],
    ],
    "feedback": [
        [
            "Event",
            "Event date",
            *FEEDBACK_FIGURES,
        ],
        ["Theme", "Events", *FEEDBACK_FIGURES],
        ["Event", "Event date", "Rating", "What was useful", "What to change"],
    ],
    "teams": [
        ["Team", "Name", "Role", "Government or organisation", "From", "To"],
        ["Team", "Deliverable", "Kind", "Due", "Status", "Overdue", "Visibility"],
    ],
    "secondments": [
        ["Person", "Home government", "Host", "Starts", "Ends", "Days", "Status", "Theme"]
    ],
}
REPORT_NAMES = list(QUERIES)
# Every page and download of the reports, the attendance report's for the demo's first event.
REPORT_URLS = [
    "/reports/",
    *(f"/reports/{name}/{QUERIES[name]}" for name in REPORT_NAMES),
    *(
        f"/reports/{name}.{format}{QUERIES[name]}"
        for name in REPORT_NAMES
        for format in ("csv", "xlsx", "pdf")
    ),
]

HELD_STATUSES = (
    Secondment.Status.APPROVED,
    Secondment.Status.UNDER_WAY,
    Secondment.Status.COMPLETED,
)


def held_secondments():
    """The secondments the reports count: approved, under way or completed."""
    return Secondment.objects.filter(status__in=HELD_STATUSES)


def days(secondment):
    """A secondment's length in days, both ends counted."""
    return (secondment.ends_on - secondment.starts_on).days + 1
