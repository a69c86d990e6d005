"""Materials on the event, session and learning pages and their downloads: each visibility for
each role, and the download's headers."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.defaultfilters import filesizeformat

from itp.models import Material
from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF
from tests.factories import (
    MINIMAL_PDF,
    EventFactory,
    InnovationTeamFactory,
    LearningFactory,
    MaterialFactory,
    MembershipFactory,
    PersonFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

V = Material.Visibility
ROLES = (
    "anonymous",
    "participant registered",
    "participant not registered",
    "team member",
    "other team member",
    "coordinator",
    "staff",
)
SEES = {
    "anonymous": {V.PUBLIC},
    "participant registered": {V.PUBLIC, V.PARTICIPANTS},
    "participant not registered": {V.PUBLIC},
    "team member": {V.PUBLIC, V.TEAM},
    "other team member": {V.PUBLIC},
    "coordinator": {V.PUBLIC},
    "staff": set(V),
}


@pytest.fixture
def world():
    event = EventFactory()
    session = SessionFactory(event=event, title="Breakout: industrial heat pumps")
    learning = LearningFactory(
        source_event=event, is_published=True, published_on=datetime.date(2025, 5, 5)
    )
    team = InnovationTeamFactory()
    owners = {"event": {"event": event}, "session": {"event": None, "session": session}}
    owners["learning"] = {"event": None, "learning": learning}
    materials = {
        (owner, visibility): MaterialFactory(
            title=f"{owner} {visibility} material",
            visibility=visibility,
            team=team if visibility == V.TEAM else None,
            **fields,
        )
        for owner, fields in owners.items()
        for visibility in V
    }

    def participant(**extra):
        return PersonFactory(user=UserFactory(roles=[PARTICIPANTS]), **extra)

    registered = participant()
    RegistrationFactory(event=event, person=registered)
    member = participant()
    MembershipFactory(team=team, person=member)
    other_member = participant()
    MembershipFactory(person=other_member)
    users = {
        "anonymous": None,
        "participant registered": registered.user,
        "participant not registered": participant().user,
        "team member": member.user,
        "other team member": other_member.user,
        "coordinator": UserFactory(is_staff=True, roles=[COORDINATORS]),
        "staff": UserFactory(is_staff=True, roles=[PROGRAMME_STAFF]),
    }
    return {"event": event, "learning": learning, "materials": materials, "users": users}


def log_in(client, user):
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
def test_event_page_lists_the_event_and_session_materials_the_role_may_see(client, world, role):
    log_in(client, world["users"][role])

    page = client.get(world["event"].get_absolute_url()).content.decode()

    for (owner, visibility), material in world["materials"].items():
        if owner == "learning":
            continue
        assert (material.title in page) is (visibility in SEES[role]), material.title


@pytest.mark.parametrize("role", ROLES)
def test_learning_page_lists_the_materials_the_role_may_see(client, world, role):
    log_in(client, world["users"][role])

    page = client.get(world["learning"].get_absolute_url()).content.decode()

    for (owner, visibility), material in world["materials"].items():
        assert (material.title in page) is (owner == "learning" and visibility in SEES[role])


@pytest.mark.parametrize("role", ROLES)
def test_download_answers_each_role_as_the_page_does(client, world, role):
    log_in(client, world["users"][role])

    statuses = {
        key: client.get(material.get_absolute_url()).status_code
        for key, material in world["materials"].items()
    }

    assert statuses == {
        (owner, visibility): 200 if visibility in SEES[role] else 404
        for owner, visibility in world["materials"]
    }


def test_event_page_labels_session_materials_and_says_who_sees_restricted_ones(client, world):
    client.force_login(world["users"]["staff"])

    page = client.get(world["event"].get_absolute_url()).content.decode()

    assert "Session: Breakout: industrial heat pumps" in page
    assert "Shown only to the registered participants of the event." in page
    assert "Shown only to the programme staff." in page
    assert f"PDF file, {filesizeformat(len(MINIMAL_PDF))}" in page


def test_download_is_an_attachment_under_the_original_name_with_its_type(client):
    material = MaterialFactory(original_name="Kick-off slides (final).pdf")

    response = client.get(material.get_absolute_url())

    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ('attachment; filename="Kick-off slides (final).pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "private" in response["Cache-Control"]


def test_download_of_a_restricted_material_is_not_stored_by_caches(client):
    material = MaterialFactory(visibility=V.STAFF)
    client.force_login(UserFactory(is_staff=True, roles=[PROGRAMME_STAFF]))

    response = client.get(material.get_absolute_url())

    assert "no-store" in response["Cache-Control"]


def test_download_names_a_file_beyond_ascii_for_every_browser(client):
    material = MaterialFactory(original_name="Präsentation – Düsseldorf.pdf")

    response = client.get(material.get_absolute_url())

    assert "filename*=utf-8''Pr%C3%A4sentation" in response["Content-Disposition"]


def test_recording_has_no_download_but_its_link_is_on_the_page(client):
    recording = MaterialFactory(recording=True, title="Recording of the opening")

    page = client.get(recording.event.get_absolute_url()).content.decode()

    assert client.get(recording.get_absolute_url()).status_code == 404
    assert 'href="https://video.example.org/itp/recording"' in page


def test_recording_with_an_unsafe_stored_link_is_shown_without_it(client):
    recording = MaterialFactory(recording=True, title="Recording of the opening")
    Material.objects.filter(pk=recording.pk).update(link="javascript:alert(1)")

    page = client.get(recording.event.get_absolute_url()).content.decode()

    assert "Recording of the opening" in page
    assert "javascript:" not in page


def test_download_of_an_unknown_key_is_a_404(client):
    assert client.get("/materials/7d4a3c9e-0000-4000-8000-000000000000/").status_code == 404


def test_download_of_a_malformed_key_is_a_404(client):
    assert client.get("/materials/not-a-key/").status_code == 404


def test_download_whose_file_is_missing_is_a_404(client):
    material = MaterialFactory()
    material.file.storage.delete(material.file.name)

    assert client.get(material.get_absolute_url()).status_code == 404


def test_download_of_a_material_of_a_draft_event_is_a_404_for_the_public(client):
    material = MaterialFactory(event=EventFactory(status="draft"))

    assert client.get(material.get_absolute_url()).status_code == 404


def test_stored_file_is_not_served_from_the_media_url(client, settings):
    material = MaterialFactory()

    assert client.get(f"/{settings.MEDIA_URL}{material.file.name}").status_code == 404


def test_stored_file_url_is_the_download_view():
    material = MaterialFactory()

    assert material.file.url == f"/materials/{material.uuid}/"


def test_anonymous_visitor_sees_a_new_material_on_the_next_request(client):
    event = EventFactory()
    assert "Materials" not in client.get(event.get_absolute_url()).content.decode()

    MaterialFactory(event=event, title="Slides added a minute ago")

    assert "Slides added a minute ago" in client.get(event.get_absolute_url()).content.decode()


def test_signed_in_visitor_is_never_served_the_anonymous_cached_page(client):
    event = EventFactory()
    MaterialFactory(event=event, visibility=V.PARTICIPANTS, title="Minutes for participants")
    client.get(event.get_absolute_url())  # cached for anonymous visitors
    person = PersonFactory(user=UserFactory(roles=[PARTICIPANTS]))
    RegistrationFactory(event=event, person=person)
    client.force_login(person.user)

    assert "Minutes for participants" in client.get(event.get_absolute_url()).content.decode()


def test_visible_to_anonymous_user_is_what_the_anonymous_page_shows(client, world):
    page = client.get(world["event"].get_absolute_url()).content.decode()

    shown = Material.objects.visible_to(AnonymousUser()).of_event(world["event"])

    assert [material.title in page for material in shown] == [True, True]
