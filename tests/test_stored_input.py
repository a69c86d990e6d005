"""Hostile text and links in stored rows: what the models refuse, and what pages make of rows
written past the forms (through the ORM, or imported before the models refused them)."""

import html.parser
import re
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError

from regions.models import Government
from teams.models import Deliverable
from tests.factories import (
    DeliverableFactory,
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    ThemeFactory,
    UserFactory,
)
from tests.hostile_links import UNSAFE_LINKS
from tests.html import body
from workshops.models import Event
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db

SINGLE_LINE_MESSAGE = "Enter a single line without control characters (such as line breaks)."
WEB_ADDRESS_MESSAGE = "Enter a web address that starts with http:// or https://."

SINGLE_LINE_FIELDS = [
    pytest.param(GovernmentFactory, "name", id="government name"),
    pytest.param(OrganisationFactory, "name", id="organisation name"),
    pytest.param(OrganisationFactory, "city", id="organisation city"),
    pytest.param(PersonFactory, "name", id="person name"),
    pytest.param(PersonFactory, "job_title", id="person job title"),
    pytest.param(EventFactory, "title", id="event title"),
    pytest.param(EventFactory, "venue", id="event venue"),
    pytest.param(EventFactory, "city", id="event city"),
    pytest.param(SessionFactory, "title", id="session title"),
    pytest.param(SessionFactory, "location", id="session location"),
    pytest.param(InnovationTeamFactory, "name", id="team name"),
    pytest.param(DeliverableFactory, "title", id="deliverable title"),
    pytest.param(ThemeFactory, "name", id="theme name"),
    pytest.param(LearningFactory, "title", id="learning title"),
]

CONTROL_CHARACTERS = [
    pytest.param("\r\n", id="CR LF"),
    pytest.param("\n", id="LF"),
    pytest.param("\r", id="CR"),
    pytest.param("\x00", id="NUL"),
    pytest.param("\t", id="tab"),
    pytest.param("\x0b", id="vertical tab"),
    pytest.param("\x1b", id="escape"),
    pytest.param("\x7f", id="DEL"),
    pytest.param("\x85", id="next line (C1)"),
    pytest.param("\x9b", id="CSI (C1)"),
    pytest.param("\u2028", id="line separator"),
    pytest.param("\u2029", id="paragraph separator"),
]

TEXT_FIELDS = [
    pytest.param(GovernmentFactory, "summary", id="government summary"),
    pytest.param(EventFactory, "description", id="event description"),
    pytest.param(SessionFactory, "description", id="session description"),
    pytest.param(InnovationTeamFactory, "challenge", id="team challenge"),
    pytest.param(DeliverableFactory, "summary", id="deliverable summary"),
    pytest.param(ThemeFactory, "description", id="theme description"),
    pytest.param(LearningFactory, "body", id="learning body"),
]

LINK_FIELDS = [
    pytest.param(GovernmentFactory, "website", id="government website"),
    pytest.param(OrganisationFactory, "website", id="organisation website"),
    pytest.param(EventFactory, "join_url", id="event join link"),
    pytest.param(DeliverableFactory, "url", id="deliverable link"),
]


def field_errors(instance, field):
    """The messages ``full_clean()`` gives for ``field`` (an empty list when it is valid)."""
    try:
        instance.full_clean()
    except ValidationError as error:
        return [str(message) for message in error.message_dict.get(field, [])]
    return []


# Single-line text


@pytest.mark.parametrize(("factory", "field"), SINGLE_LINE_FIELDS)
@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
def test_single_line_field_full_clean_refuses_a_control_character(factory, field, character):
    instance = factory()
    setattr(instance, field, f"Kick-off{character}X-INJECTED:1")

    assert SINGLE_LINE_MESSAGE in field_errors(instance, field)


@pytest.mark.parametrize(("factory", "field"), SINGLE_LINE_FIELDS)
def test_single_line_field_full_clean_accepts_letters_of_any_script_and_emoji(factory, field):
    instance = factory()
    setattr(instance, field, "Łódź – Śląsk, Ελλάδα, مصر, 東京 🚀 “quoted” & <b>")

    assert field_errors(instance, field) == []


def test_person_email_full_clean_refuses_a_control_character_in_a_quoted_local_part():
    # The e-mail validator lets control characters through inside quotes ("a\x1bb"@...).
    person = PersonFactory(email='"giulia\x1bferraro"@example.org')

    assert SINGLE_LINE_MESSAGE in field_errors(person, "email")


# Multi-line text


@pytest.mark.parametrize(("factory", "field"), TEXT_FIELDS)
def test_text_field_full_clean_accepts_line_breaks_and_tabs(factory, field):
    instance = factory()
    setattr(instance, field, "First line\r\nSecond line\n\tIndented\u2028fourth")

    assert field_errors(instance, field) == []


@pytest.mark.parametrize(("factory", "field"), TEXT_FIELDS)
@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1b", "\x7f"])
def test_text_field_full_clean_refuses_other_control_characters(factory, field, character):
    instance = factory()
    setattr(instance, field, f"First line\n{character}second")

    assert field_errors(instance, field) == [
        "Remove the control characters; text may hold line breaks and tabs only."
    ]


def test_text_with_a_null_character_is_refused_before_it_reaches_the_database():
    """PostgreSQL refuses NUL in text with an error (a 500); SQLite would store it."""
    event = EventFactory()
    event.description = "Agenda\x00"

    with pytest.raises(ValidationError) as refusal:
        event.full_clean()

    assert "description" in refusal.value.message_dict


# Links


@pytest.mark.parametrize(("factory", "field"), LINK_FIELDS)
@pytest.mark.parametrize(
    "link", [*UNSAFE_LINKS, pytest.param("ftp://files.example/report.pdf", id="ftp")]
)
def test_link_field_full_clean_refuses_a_link_that_is_not_http(factory, field, link):
    instance = factory()
    setattr(instance, field, link)

    assert WEB_ADDRESS_MESSAGE in field_errors(instance, field)


@pytest.mark.parametrize(("factory", "field"), LINK_FIELDS)
@pytest.mark.parametrize(
    "link",
    ["https://www.example.org/itp/room?id=7#join", "http://example.org", "HTTPS://EXAMPLE.ORG/"],
)
def test_link_field_full_clean_accepts_http_and_https(factory, field, link):
    instance = factory()
    setattr(instance, field, link)

    assert field_errors(instance, field) == []


# The admin's forms show the models' messages


def test_admin_theme_form_shows_the_single_line_message(admin_client):
    response = admin_client.post(
        "/admin/itp/theme/add/",
        {"name_en": "Heat\r\nX-INJECTED:1", "slug": "heat", "description_en": "", "_save": "Save"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"name_en": [SINGLE_LINE_MESSAGE]}


def test_admin_organisation_form_shows_the_web_address_message(admin_client):
    response = admin_client.post(
        "/admin/regions/organisation/add/",
        {
            "name": "Acciaierie Venete",
            "slug": "acciaierie-venete",
            "kind": "industry",
            "country": "IT",
            "city": "Padua",
            "website": "ftp://files.acciaierie.example/",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"website": [WEB_ADDRESS_MESSAGE]}


# Pages render a stored link only when it is http(s)


class _LinkCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        self.links += [value or "" for name, value in attrs if name in ("href", "src", "action")]


def unsafe_links(response):
    """Every href, src and action of the page that a browser would not read as a path on the
    site, an http(s) or mailto link, or a webcal:// subscription to the site itself. Browsers
    drop spaces, tabs and line breaks from a link before they read its scheme, so this does
    too."""
    collector = _LinkCollector()
    collector.feed(response.content.decode())
    unsafe = []
    for link in collector.links:
        bare = re.sub(r"[\x00-\x20]", "", link)
        parts = urlsplit(bare)
        scheme = parts.scheme.lower()
        # The site's own calendar subscriptions are webcal:// links to itself.
        own_subscription = scheme == "webcal" and parts.netloc == "testserver"
        if bare.startswith(("//", "/\\", "\\")) or (
            scheme not in ("", "http", "https", "mailto") and not own_subscription
        ):
            unsafe.append(link)
    return unsafe


@pytest.mark.parametrize("link", UNSAFE_LINKS)
def test_government_profile_does_not_link_an_unsafe_stored_website(client, link):
    government = GovernmentFactory()
    Government.objects.filter(pk=government.pk).update(website=link)

    response = client.get(government.get_absolute_url())

    assert response.status_code == 200
    assert unsafe_links(response) == []
    assert f"Website of {government.name}" not in response.content.decode()


def test_government_profile_links_an_https_website(client):
    government = GovernmentFactory(website="https://www.regione.example/")

    response = client.get(government.get_absolute_url())

    assert '<a href="https://www.regione.example/" rel="noopener">Website of' in (
        response.content.decode()
    )


@pytest.mark.parametrize("link", UNSAFE_LINKS)
def test_event_page_does_not_give_a_registered_person_an_unsafe_stored_join_link(client, link):
    event = EventFactory(join_url="https://meet.example.org/itp")
    person = PersonFactory(user=UserFactory())
    register_for_event(event=event, person=person)
    Event.objects.filter(pk=event.pk).update(join_url=link)
    client.force_login(person.user)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert "Your registration: Registered." in response.content.decode()
    assert unsafe_links(response) == []


def test_event_page_gives_a_registered_person_an_https_join_link(client):
    event = EventFactory(join_url="https://meet.example.org/itp")
    person = PersonFactory(user=UserFactory())
    register_for_event(event=event, person=person)
    client.force_login(person.user)

    response = client.get(event.get_absolute_url())

    assert 'href="https://meet.example.org/itp"' in response.content.decode()


@pytest.fixture
def member_of_a_team_with_an_unsafe_link(request):
    """A team member's user; the team's deliverables, public and team-only, hold the link."""
    team = InnovationTeamFactory()
    member = MembershipFactory(team=team, person=PersonFactory(user=UserFactory())).person
    for visibility in Deliverable.Visibility.values:
        DeliverableFactory(team=team, title=f"Roadmap ({visibility})", visibility=visibility)
    Deliverable.objects.filter(team=team).update(url=request.param)
    return member.user


@pytest.mark.parametrize("member_of_a_team_with_an_unsafe_link", UNSAFE_LINKS, indirect=True)
@pytest.mark.parametrize("page", ["team", "me", "team as a visitor"])
def test_pages_with_deliverables_do_not_link_an_unsafe_stored_link(
    client, member_of_a_team_with_an_unsafe_link, page
):
    user = member_of_a_team_with_an_unsafe_link
    team = user.person.memberships.get().team
    if page != "team as a visitor":
        client.force_login(user)

    response = client.get("/me/" if page == "me" else team.get_absolute_url())

    content = response.content.decode()
    assert "Roadmap (public)" in content
    assert ("Roadmap (team_only)" in content) is (page != "team as a visitor")
    assert unsafe_links(response) == []


def test_team_page_links_a_deliverable_with_an_https_link(client):
    team = InnovationTeamFactory()
    DeliverableFactory(
        team=team,
        title="Roadmap",
        visibility=Deliverable.Visibility.PUBLIC,
        url="https://docs.example.org/roadmap.pdf",
    )

    response = client.get(team.get_absolute_url())

    assert '<a href="https://docs.example.org/roadmap.pdf" rel="noopener">Roadmap</a>' in (
        response.content.decode()
    )


@pytest.mark.parametrize("format", ["csv", "xlsx", "pdf"])
def test_teams_report_does_not_carry_an_unsafe_stored_deliverable_link(coordinator_client, format):
    deliverable = DeliverableFactory(title="Roadmap")
    Deliverable.objects.filter(pk=deliverable.pk).update(url="javascript:alert(1)")

    response = coordinator_client.get(f"/reports/teams.{format}")

    assert response.status_code == 200
    assert b"javascript" not in body(response).lower()
