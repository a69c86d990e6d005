"""/people/ and /people/<slug>/: the people who consented to be listed, and only them."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from regions.models import Person
from teams.models import Membership, Secondment
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SecondmentFactory,
    SessionFactory,
    UserFactory,
)
from tests.html import list_items, plain_text, section, table_rows, text
from tests.regions.photos import image_bytes
from workshops.models import Event

pytestmark = pytest.mark.django_db

ROLES = ["client", "participant_client", "coordinator_client", "staff_client"]


@pytest.fixture
def lombardy():
    return GovernmentFactory(name="Lombardy", slug="lombardy")


@pytest.fixture
def giulia(lombardy):
    return PersonFactory(
        name="Giulia Ferraro",
        slug="giulia-ferraro",
        job_title="Head of Industrial Strategy",
        government=lombardy,
        biography="Giulia leads Lombardy's work on waste heat.\nShe chairs the heat group.",
    )


@pytest.fixture
def unlisted(lombardy):
    return PersonFactory(
        name="Marco Segreto",
        slug="marco-segreto",
        government=lombardy,
        consents_to_public_listing=False,
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# The list


@pytest.mark.parametrize("role", ROLES)
def test_people_list_shows_listed_people_only_to_every_role(request, role, giulia, unlisted):
    client = request.getfixturevalue(role)

    response = client.get("/people/")

    assert response.status_code == 200
    # (The participant's own person is listed too.)
    assert ["Head of Industrial Strategy", "Lombardy"] in table_rows(response)
    assert '<a href="/people/giulia-ferraro/">Giulia Ferraro</a>' in text(response)
    assert "Marco" not in text(response)
    assert "marco-segreto" not in text(response)


def test_people_list_is_ordered_by_name_with_job_title_and_affiliation(client, lombardy):
    tenova = OrganisationFactory(name="Tenova", slug="tenova")
    PersonFactory(name="Zeno Bianchi", job_title="", government=lombardy)
    PersonFactory(name="Anna Rossi", job_title="Engineer", government=None, organisation=tenova)

    response = client.get("/people/")

    names = [person.name for person in response.context["people"]]
    assert names == ["Anna Rossi", "Zeno Bianchi"]
    assert table_rows(response) == [["Engineer", "Tenova"], ["–", "Lombardy"]]
    assert 'href="/governments/lombardy/"' in text(response)
    assert 'href="/people/?organisation=tenova"' in text(response)


def test_people_list_filters_by_government_organisation_and_kind(client, giulia):
    tenova = OrganisationFactory(name="Tenova", slug="tenova")
    expert = PersonFactory(
        name="Anna Rossi",
        kind=Person.Kind.INDUSTRY_EXPERT,
        government=None,
        organisation=tenova,
    )
    PersonFactory(name="Ewan Macleod", government=GovernmentFactory(slug="scotland"))

    def names(query):
        return [person.name for person in client.get(f"/people/?{query}").context["people"]]

    assert names("government=lombardy") == ["Giulia Ferraro"]
    assert names("organisation=tenova") == [expert.name]
    assert names("kind=industry_expert") == [expert.name]
    assert names("government=lombardy&kind=industry_expert") == []


def test_people_list_filter_that_is_not_valid_says_so_and_filters_nothing(client, giulia):
    response = client.get("/people/?government=atlantis&kind=wizard")

    assert response.status_code == 200
    assert [person.name for person in response.context["people"]] == ["Giulia Ferraro"]
    assert "No member government has that address." in text(response)
    assert "Choose a kind from the list." in text(response)


def test_people_list_is_paginated_by_50(client, lombardy):
    for number in range(55):
        PersonFactory(name=f"Person {number:02d}", government=lombardy)

    first = client.get("/people/")
    second = client.get("/people/?page=2")

    assert len(first.context["people"]) == 50
    assert [person.name for person in second.context["people"]] == [
        f"Person {number}" for number in range(50, 55)
    ]
    assert "Page 2 of 2" in plain_text(second)


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "9" * 40])
def test_people_list_page_that_does_not_exist_is_not_found(client, giulia, page):
    assert client.get(f"/people/?page={page}").status_code == 404


def test_people_list_without_anyone_listed_says_so(client, unlisted):
    response = client.get("/people/")

    assert "No one listed publicly matches these filters." in text(response)


# A person's page


@pytest.mark.parametrize("role", ROLES)
def test_person_page_shows_who_they_are_to_every_role(request, role, giulia):
    client = request.getfixturevalue(role)

    response = client.get("/people/giulia-ferraro/")

    assert response.status_code == 200
    page = plain_text(response)
    assert "<h1>Giulia Ferraro</h1>" in text(response)
    assert "Head of Industrial Strategy, Lombardy" in page
    assert 'href="/governments/lombardy/"' in text(response)
    assert "Giulia leads Lombardy's work on waste heat.<br>She chairs the heat group." in text(
        response
    )


@pytest.mark.parametrize("role", ROLES)
def test_person_page_of_someone_unlisted_is_not_found_for_every_role(request, role, unlisted):
    client = request.getfixturevalue(role)

    assert client.get("/people/marco-segreto/").status_code == 404


def test_person_page_of_an_unknown_slug_is_not_found(client):
    assert client.get("/people/nobody/").status_code == 404


def test_person_page_lists_sessions_upcoming_and_past_of_published_events_only(client, giulia):
    now = timezone.now().replace(microsecond=0)
    past_event = EventFactory(
        title="Kick-off, Milan",
        starts_at=now - datetime.timedelta(days=400),
        ends_at=now - datetime.timedelta(days=398),
    )
    SessionFactory(event=past_event, title="Waste heat in steel", speakers=[giulia])
    webinar = EventFactory(title="Webinar on heat")
    SessionFactory(event=webinar, title="Heat maps", speakers=[giulia])
    draft = EventFactory(title="Secret draft", status=Event.Status.DRAFT)
    SessionFactory(event=draft, title="Draft session", speakers=[giulia])
    cancelled = EventFactory(title="Called off", status=Event.Status.CANCELLED)
    SessionFactory(event=cancelled, title="Cancelled session", speakers=[giulia])
    SessionFactory(title="Someone else's talk")

    response = client.get("/people/giulia-ferraro/")

    sessions = section(response, "sessions-heading")
    upcoming, past = sessions.split("<h3", 2)[1:]
    assert "Heat maps" in upcoming
    assert "Webinar on heat" in upcoming
    assert "Waste heat in steel" in past
    assert "Kick-off, Milan" in past
    assert "Draft session" not in text(response)
    assert "Secret draft" not in text(response)
    assert "Cancelled session" not in text(response)
    assert "Someone else" not in text(response)


def test_person_page_lists_current_teams_as_the_team_pages_do(client, giulia):
    team = InnovationTeamFactory(name="iRecovery", slug="irecovery")
    MembershipFactory(team=team, person=giulia, role=Membership.Role.LEAD)
    former = InnovationTeamFactory(name="Old team")
    MembershipFactory(
        team=former,
        person=giulia,
        started_on=former.starts_on,
        ended_on=timezone.localdate() - datetime.timedelta(days=1),
    )

    response = client.get("/people/giulia-ferraro/")

    assert list_items(section(response, "teams-heading")) == ["iRecovery – lead"]
    assert 'href="/teams/irecovery/"' in text(response)


def test_person_page_lists_only_secondments_the_public_sees(client, giulia):
    scotland = GovernmentFactory(name="Scotland")
    SecondmentFactory(person=giulia, host_government=scotland, status=Secondment.Status.APPROVED)
    for status in (Secondment.Status.PROPOSED, Secondment.Status.CANCELLED):
        SecondmentFactory(
            person=giulia,
            host_government=GovernmentFactory(name=f"Hidden {status}"),
            status=status,
            starts_on=timezone.localdate() + datetime.timedelta(days=400),
        )

    response = client.get("/people/giulia-ferraro/")

    items = list_items(section(response, "secondments-heading"))
    assert len(items) == 1
    assert items[0].startswith("Lombardy → Scotland")
    assert "Hidden" not in text(response)


def test_person_page_lists_published_learnings_from_their_public_secondments(client, giulia):
    secondment = SecondmentFactory(person=giulia, status=Secondment.Status.COMPLETED)
    LearningFactory(
        title="Permits in a month",
        is_published=True,
        published_on=timezone.localdate(),
        source_secondment=secondment,
    )
    LearningFactory(title="Unpublished lesson", source_secondment=secondment)

    response = client.get("/people/giulia-ferraro/")

    assert list_items(section(response, "learnings-heading")) == ["Permits in a month"]
    assert "Unpublished lesson" not in text(response)


def test_person_page_without_anything_says_so(client, giulia):
    response = client.get("/people/giulia-ferraro/")

    page = plain_text(response)
    assert "Not in an innovation team at present." in page
    assert "No secondments." in page
    assert "learnings-heading" not in text(response)


# The photo


def test_person_page_shows_the_photo_with_the_name_as_alt_text(client, giulia, media_root):
    giulia.photo.save("photo.jpg", ContentFile(image_bytes((40, 40))))

    response = client.get("/people/giulia-ferraro/")

    assert '<img src="/people/giulia-ferraro/photo/" alt="Giulia Ferraro"' in text(response)
    assert "/media/" not in text(response)


def test_person_page_without_a_photo_has_no_image(client, giulia):
    response = client.get("/people/giulia-ferraro/")

    assert "<img" not in section(response, "biography-heading")
    assert "/photo/" not in text(response)


@pytest.mark.parametrize("role", ROLES)
def test_photo_is_served_for_a_listed_person(request, role, giulia, media_root):
    client = request.getfixturevalue(role)
    content = image_bytes((40, 40))
    giulia.photo.save("photo.jpg", ContentFile(content))

    response = client.get("/people/giulia-ferraro/photo/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "no-cache"
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize("role", ROLES)
def test_photo_of_someone_unlisted_is_not_found(request, role, unlisted, media_root):
    client = request.getfixturevalue(role)
    unlisted.photo.save("photo.jpg", ContentFile(image_bytes((40, 40))))

    assert client.get("/people/marco-segreto/photo/").status_code == 404


def test_photo_of_a_listed_person_without_one_is_not_found(client, giulia):
    assert client.get("/people/giulia-ferraro/photo/").status_code == 404


def test_photo_whose_file_is_missing_is_not_found(client, giulia, media_root):
    Person.objects.filter(pk=giulia.pk).update(photo="people/gone.jpg")

    assert client.get("/people/giulia-ferraro/photo/").status_code == 404


def test_photo_is_never_linked_from_the_media_folder(client, giulia, media_root):
    giulia.photo.save("photo.jpg", ContentFile(image_bytes((40, 40))))

    assert client.get(f"/media/{giulia.photo.name}").status_code == 404


# Cached for visitors


def test_an_edit_shows_on_the_next_request_to_a_visitor(client, giulia):
    assert "heat group" in text(client.get("/people/giulia-ferraro/"))
    assert "Giulia Ferraro" in text(client.get("/people/"))

    Person.objects.filter(pk=giulia.pk).update(
        biography="Now leads the hydrogen group.", name="Giulia Ferraro-Bianchi"
    )

    assert "hydrogen group" in text(client.get("/people/giulia-ferraro/"))
    assert "Giulia Ferraro-Bianchi" in text(client.get("/people/"))


def test_withdrawing_consent_makes_the_page_not_found_on_the_next_request(
    client, giulia, media_root
):
    giulia.photo.save("photo.jpg", ContentFile(image_bytes((40, 40))))
    assert client.get("/people/giulia-ferraro/").status_code == 200
    assert client.get("/people/giulia-ferraro/photo/").status_code == 200
    assert "Giulia Ferraro" in text(client.get("/people/"))

    participant = UserFactory()
    Person.objects.filter(pk=giulia.pk).update(user=participant)
    client.force_login(participant)
    client.post(
        "/me/profile/",
        {"time_zone": "", "biography": giulia.biography},  # the box left unticked
    )
    client.logout()

    assert client.get("/people/giulia-ferraro/").status_code == 404
    assert client.get("/people/giulia-ferraro/photo/").status_code == 404
    assert "Giulia Ferraro" not in text(client.get("/people/"))


# Links from elsewhere


def test_agenda_links_a_listed_speaker_and_keeps_the_unlisted_anonymous(client, giulia, unlisted):
    event = EventFactory(slug="heat-workshop")
    SessionFactory(event=event, title="Heat", speakers=[giulia, unlisted])

    page = text(client.get("/events/heat-workshop/"))

    assert '<a href="/people/giulia-ferraro/">Giulia Ferraro</a> (Lombardy)' in page
    assert "a speaker (Lombardy)" in page
    assert "marco" not in page.lower()


def test_team_page_links_listed_members_and_keeps_the_unlisted_anonymous(client, giulia, unlisted):
    team = InnovationTeamFactory(slug="irecovery")
    MembershipFactory(team=team, person=giulia)
    MembershipFactory(team=team, person=unlisted)

    page = text(client.get("/teams/irecovery/"))

    assert '<a href="/people/giulia-ferraro/">Giulia Ferraro</a>' in page
    assert "a participant from Lombardy" in page
    assert "marco" not in page.lower()


def test_secondments_and_government_profile_link_listed_people_only(client, giulia, unlisted):
    for person in (giulia, unlisted):
        SecondmentFactory(person=person, status=Secondment.Status.APPROVED)

    for path in ("/secondments/", "/governments/lombardy/"):
        page = text(client.get(path))
        assert '<a href="/people/giulia-ferraro/">Giulia Ferraro</a>' in page, path
        assert "marco" not in page.lower(), path


def test_people_list_filtered_by_organisation_says_which(client, giulia):
    tenova = OrganisationFactory(name="Tenova", slug="tenova")
    PersonFactory(name="Anna Rossi", government=None, organisation=tenova)

    response = client.get("/people/?organisation=tenova")

    assert "People of Tenova only." in plain_text(response)
    assert 'name="organisation" value="tenova"' in text(response)
    assert "No organisation has that address." in plain_text(
        client.get("/people/?organisation=atlantis")
    )
