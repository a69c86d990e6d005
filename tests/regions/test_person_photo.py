"""A person's photo: checked, resized and stripped of metadata, whoever uploads it
(regions.services.photo_from_upload, the admin's person form and /me/profile/)."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from regions.models import Person
from regions.services import photo_from_upload, update_profile
from tests.factories import PersonFactory, UserFactory
from tests.html import messages_of, text

from .photos import (
    EXIF_MAKE,
    exif_with_camera,
    image_bytes,
    oversized_file,
    png_claiming,
    truncated_jpeg,
    upload,
)

pytestmark = pytest.mark.django_db

HOSTILE_FILES = {
    "not an image named .jpg": (b"MZ\x90\x00 this is a program, not a photo", "not an image"),
    "a truncated image": (truncated_jpeg(), "damaged or incomplete"),
    "a file over 5 MB": (oversized_file(), "larger than 5 MB"),
    "a decompression bomb": (png_claiming(30_000, 30_000), "more than 40 megapixels"),
    "a bomb under Pillow's own limit": (png_claiming(8_000, 8_000), "more than 40 megapixels"),
    "a GIF": (image_bytes((50, 50), "GIF"), "JPEG, PNG or WebP"),
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media_root):
    return sorted(path.name for path in media_root.rglob("*") if path.is_file())


def opened(content_file):
    return Image.open(io.BytesIO(content_file.read()))


def test_photo_is_resized_to_fit_400_by_400_keeping_its_proportions():
    photo = opened(photo_from_upload(upload(image_bytes((1200, 800)))))

    assert photo.format == "JPEG"
    assert photo.size == (400, 267)


def test_small_photo_is_not_enlarged():
    photo = opened(photo_from_upload(upload(image_bytes((120, 90), "PNG"), "me.png")))

    assert photo.size == (120, 90)


@pytest.mark.parametrize("format", ["PNG", "WEBP"])
def test_png_and_webp_photos_with_transparency_are_stored_as_jpeg(format):
    content = image_bytes((300, 300), format, mode="RGBA", color=(0, 0, 0, 0))

    photo = opened(photo_from_upload(upload(content, "me.img")))

    assert photo.format == "JPEG"
    assert photo.getpixel((10, 10)) == (255, 255, 255)


def test_photo_loses_its_exif_data():
    content = image_bytes((600, 600), exif=exif_with_camera())
    assert Image.open(io.BytesIO(content)).getexif()[EXIF_MAKE] == "Hostile Camera Co."

    photo = opened(photo_from_upload(upload(content)))

    assert dict(photo.getexif()) == {}
    assert "exif" not in photo.info


def test_photo_taken_sideways_is_turned_upright_before_its_exif_goes():
    # Orientation 6: the camera was turned; the picture is shown rotated by 90 degrees.
    content = image_bytes((800, 400), exif=exif_with_camera(orientation=6))

    photo = opened(photo_from_upload(upload(content)))

    assert photo.size == (200, 400)


@pytest.mark.parametrize("case", HOSTILE_FILES)
def test_hostile_file_is_refused_with_a_message(case):
    content, message = HOSTILE_FILES[case]

    with pytest.raises(ValidationError) as refusal:
        photo_from_upload(upload(content))

    assert message in refusal.value.messages[0]


# /me/profile/


@pytest.fixture
def listed_participant(client):
    person = PersonFactory(user=UserFactory(), biography="Works on heat networks.")
    client.force_login(person.user)
    return person


def profile_post(client, person, **changes):
    data = {
        "consents_to_public_listing": "on",
        "time_zone": "",
        "biography": person.biography,
        **changes,
    }
    return client.post("/me/profile/", data)


def test_profile_saves_a_biography_and_a_resized_photo(client, listed_participant, media_root):
    response = profile_post(
        client,
        listed_participant,
        biography="Leads the steel working group.",
        photo=upload(image_bytes((1000, 1000))),
    )

    assert response.status_code == 302
    person = Person.objects.get(pk=listed_participant.pk)
    assert person.biography == "Leads the steel working group."
    assert person.photo.name.startswith("people/")
    assert person.photo.name.endswith(".jpg")
    assert Image.open(person.photo.path).size == (400, 400)


def test_photo_is_stored_under_a_name_that_does_not_reveal_the_person(client, listed_participant):
    profile_post(client, listed_participant, photo=upload(image_bytes(), "giulia-ferraro.jpg"))

    name = Person.objects.get(pk=listed_participant.pk).photo.name
    assert "giulia" not in name.lower()
    assert len(name.removeprefix("people/").removesuffix(".jpg")) == 32


@pytest.mark.parametrize("case", HOSTILE_FILES)
def test_profile_refuses_a_hostile_file_and_changes_nothing(
    client, listed_participant, media_root, case
):
    content, message = HOSTILE_FILES[case]

    response = profile_post(
        client, listed_participant, biography="Changed", photo=upload(content, "me.jpg")
    )

    assert response.status_code == 200
    assert message in response.context["form"].errors["photo"][0]
    assert message in text(response)
    person = Person.objects.get(pk=listed_participant.pk)
    assert person.biography == "Works on heat networks."
    assert not person.photo
    assert stored_files(media_root) == []


def test_replacing_a_photo_deletes_the_old_file(client, listed_participant, media_root, commit):
    with commit():
        profile_post(client, listed_participant, photo=upload(image_bytes()))
    first = Person.objects.get(pk=listed_participant.pk).photo.name

    with commit():
        profile_post(client, listed_participant, photo=upload(image_bytes(color="red")))

    second = Person.objects.get(pk=listed_participant.pk).photo.name
    assert second != first
    assert stored_files(media_root) == [second.removeprefix("people/")]


def test_removing_a_photo_deletes_its_file(client, listed_participant, media_root, commit):
    with commit():
        profile_post(client, listed_participant, photo=upload(image_bytes()))

    with commit():
        response = profile_post(client, listed_participant, remove_photo="on")

    assert messages_of(response) or response.status_code == 302
    assert not Person.objects.get(pk=listed_participant.pk).photo
    assert stored_files(media_root) == []


def test_biography_over_2000_characters_is_refused_on_the_profile(client, listed_participant):
    response = profile_post(client, listed_participant, biography="a" * 2001)

    assert response.status_code == 200
    assert "2000" in response.context["form"].errors["biography"][0]
    assert Person.objects.get(pk=listed_participant.pk).biography == "Works on heat networks."


def test_biography_with_control_characters_is_refused_and_nothing_saved(listed_participant):
    with pytest.raises(ValidationError) as refusal:
        update_profile(
            person=listed_participant,
            consents_to_public_listing=False,
            time_zone="",
            wants_reminders=True,
            wants_change_notices=True,
            biography="Bell\x07",
        )

    assert "biography" in refusal.value.message_dict
    assert Person.objects.get(pk=listed_participant.pk).consents_to_public_listing


# The admin's person form


def admin_form_data(person, **changes):
    return {
        "name": person.name,
        "slug": person.slug,
        "email": person.email,
        "kind": person.kind,
        "job_title": person.job_title,
        "government": person.government_id,
        "organisation": "",
        "user": "",
        "consents_to_public_listing": "on",
        "time_zone": "",
        "wants_reminders": "on",
        "wants_change_notices": "on",
        "biography": person.biography,
        **changes,
    }


def test_admin_saves_a_resized_photo(staff_client, media_root):
    person = PersonFactory()

    response = staff_client.post(
        f"/admin/regions/person/{person.pk}/change/",
        admin_form_data(person, photo=upload(image_bytes((2000, 1000)))),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert Image.open(person.photo.path).size == (400, 200)


@pytest.mark.parametrize("case", HOSTILE_FILES)
def test_admin_refuses_a_hostile_file_and_changes_nothing(staff_client, media_root, case):
    person = PersonFactory(biography="Before")
    content, message = HOSTILE_FILES[case]

    response = staff_client.post(
        f"/admin/regions/person/{person.pk}/change/",
        admin_form_data(person, biography="After", photo=upload(content)),
    )

    assert response.status_code == 200
    assert message in text(response)
    person.refresh_from_db()
    assert person.biography == "Before"
    assert not person.photo
    assert stored_files(media_root) == []


def test_admin_removes_a_photo_and_its_file(staff_client, media_root, commit):
    person = PersonFactory()
    with commit():
        staff_client.post(
            f"/admin/regions/person/{person.pk}/change/",
            admin_form_data(person, photo=upload(image_bytes())),
        )

    with commit():
        staff_client.post(
            f"/admin/regions/person/{person.pk}/change/",
            admin_form_data(person, remove_photo="on"),
        )

    person.refresh_from_db()
    assert not person.photo
    assert stored_files(media_root) == []
