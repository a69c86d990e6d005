"""A material's integrity: the database and clean() refuse what the model forbids."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from itp.models import Material
from itp.models.materials import material_file_path
from tests.factories import (
    EventFactory,
    InnovationTeamFactory,
    LearningFactory,
    MaterialFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_the_database(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialFactory(**fields)


def clean_errors(material):
    with pytest.raises(ValidationError) as refusal:
        material.full_clean()
    return refusal.value.message_dict


def test_material_on_no_event_session_or_learning_is_refused_by_the_database():
    refused_by_the_database(event=None)


def test_material_on_an_event_and_a_session_is_refused_by_the_database():
    refused_by_the_database(session=SessionFactory())


def test_material_on_an_event_and_a_learning_is_refused_by_the_database():
    refused_by_the_database(learning=LearningFactory())


def test_slides_without_a_file_are_refused_by_the_database():
    refused_by_the_database(file="", size_bytes=None)


def test_slides_with_a_link_are_refused_by_the_database():
    refused_by_the_database(link="https://example.org/slides")


def test_recording_with_a_file_is_refused_by_the_database():
    refused_by_the_database(kind=Material.Kind.RECORDING, link="https://example.org/video")


def test_recording_without_a_link_is_refused_by_the_database():
    refused_by_the_database(recording=True, link="")


def test_file_without_its_size_is_refused_by_the_database():
    refused_by_the_database(size_bytes=None)


def test_team_visibility_without_a_team_is_refused_by_the_database():
    refused_by_the_database(visibility=Material.Visibility.TEAM)


def test_a_team_on_a_public_material_is_refused_by_the_database():
    refused_by_the_database(team=InnovationTeamFactory())


def test_a_recording_on_a_session_shown_to_a_team_is_accepted():
    team = InnovationTeamFactory()
    material = MaterialFactory(
        recording=True,
        event=None,
        session=SessionFactory(),
        visibility=Material.Visibility.TEAM,
        team=team,
    )

    material.full_clean()

    assert Material.objects.get().team == team


def test_clean_names_the_missing_owner():
    material = MaterialFactory.build(event=None)

    assert clean_errors(material)["event"] == ["Choose exactly one event, session or learning."]


def test_clean_refuses_two_owners():
    material = MaterialFactory.build(event=EventFactory(), learning=LearningFactory())

    assert "event" in clean_errors(material)


def test_clean_asks_a_recording_for_its_link_and_not_a_file():
    material = MaterialFactory.build(kind=Material.Kind.RECORDING, event=EventFactory())

    errors = clean_errors(material)

    assert errors["link"] == ["A recording is a link: give its web address."]
    assert errors["file"] == ["A recording is a link, not a file: remove the file."]


def test_clean_asks_slides_for_a_file_and_not_a_link():
    material = MaterialFactory.build(
        file="", link="https://example.org/slides", event=EventFactory()
    )

    errors = clean_errors(material)

    assert errors["file"] == ["Slides, documents and minutes are a file: upload it."]
    assert "Only recordings are links" in errors["link"][0]


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/video", "//host/x"]
)
def test_clean_refuses_a_link_that_is_not_a_web_address(link):
    material = MaterialFactory.build(recording=True, link=link, event=EventFactory())

    assert (
        "Enter a web address that starts with http:// or https://."
        in (clean_errors(material)["link"])
    )


def test_clean_asks_for_the_team_of_a_team_material():
    material = MaterialFactory.build(visibility=Material.Visibility.TEAM, event=EventFactory())

    assert clean_errors(material)["team"] == ["Choose the team whose members see this material."]


def test_clean_refuses_a_team_on_a_material_for_everyone():
    material = MaterialFactory.build(team=InnovationTeamFactory(), event=EventFactory())

    assert "team" in clean_errors(material)


def test_clean_refuses_participants_of_a_learning_from_no_event():
    material = MaterialFactory.build(
        event=None, learning=LearningFactory(), visibility=Material.Visibility.PARTICIPANTS
    )

    assert "no registered participants" in clean_errors(material)["visibility"][0]


def test_clean_refuses_a_title_of_two_lines():
    material = MaterialFactory.build(title="Slides\nand more", event=EventFactory())

    assert "title" in clean_errors(material)


def test_deleting_a_team_with_materials_is_refused():
    team = InnovationTeamFactory()
    MaterialFactory(visibility=Material.Visibility.TEAM, team=team)

    with pytest.raises(IntegrityError), transaction.atomic():
        team.delete()


def test_deleting_a_session_deletes_its_materials():
    session = SessionFactory()
    MaterialFactory(event=None, session=session)

    session.delete()

    assert not Material.objects.exists()


def test_file_path_is_a_random_folder_and_keeps_only_the_extension():
    first = material_file_path(None, "../../etc/Minutes of Milan.PDF")
    second = material_file_path(None, "../../etc/Minutes of Milan.PDF")

    assert first.startswith("materials/")
    assert first.endswith("/material.pdf")
    assert len(first.split("/")[1]) == 32
    assert first != second


def test_file_path_drops_an_extension_that_is_not_plain():
    assert material_file_path(None, "slides.p<d>f").endswith("/material")


def test_a_file_is_stored_under_a_random_folder():
    material = MaterialFactory()

    folder, name = material.file.name.split("/")[1:]
    assert material.file.name.startswith("materials/")
    assert len(folder) == 32
    assert name == "material.pdf"
