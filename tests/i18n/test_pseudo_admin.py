"""The admin's pages, in the pseudo-language, for a superuser: the index, and for every
registered model its app's page, its list, its add form, the change form, history and delete
confirmation of one row; the import pages and previews, the mailing page, the cancel
confirmation. The
programme's customisations (columns, filters, actions, fieldsets, help texts) show no text
that escaped translation; Django's own texts come from its catalogues."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory
from tests.i18n.pseudo import PSEUDO, Escapes
from tests.itp.common.importing.admin_imports import (
    ORGANISATIONS,
    PEOPLE,
    PEOPLE_CSV,
    REGISTRATIONS,
    upload,
)
from workshops.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.once]

MILAN = "milan-kick-off-workshop-2019"

# Texts that Django's admin and installed apps write without marking them, beyond the project's
# reach: the alt text of the admin's yes/no icons, the algorithm of a password hash, the
# "historical" that django-simple-history puts before a model's name (in permission names) and
# the "None" of its history page's empty change reason, and django-axes' name of its
# expiration model (in permission names too).
UNMARKED_BY_THEIR_APPS = [
    "True",
    "False",
    "md5",
    "historical",
    "None",
    "Axes",
    "access attempt expiration",
]
# A password hash's parts as the user form shows them: "b30de2****"; and the rows of the
# many-to-many tables Django creates itself, which it names untranslated on delete pages:
# "Government-theme relationship: Government_themes object (5)".
UNMARKED_BY_DJANGO = re.compile(r"\w+\*+|\w+-\w+ relationships?: .*")


def admin_pages():
    yield reverse("admin:index")
    yield reverse("admin:password_change")
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse("admin:app_list", args=[model._meta.app_label])
        yield reverse(f"{name}_changelist")
        yield reverse(f"{name}_add")
        row = model.objects.first()
        if row is not None:
            yield reverse(f"{name}_change", args=[row.pk])
            yield reverse(f"{name}_history", args=[row.pk])
            yield reverse(f"{name}_delete", args=[row.pk])
    # The programme's own admin pages.
    for changelist in (PEOPLE, ORGANISATIONS, REGISTRATIONS):
        yield f"{changelist}import/"
    yield reverse("admin:workshops_event_mailing", args=[Event.objects.get(slug=MILAN).pk])


def test_every_admin_page_reads_translated(client, demo, pseudo_language):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies["django_language"] = PSEUDO
    escapes = Escapes(UNMARKED_BY_THEIR_APPS)
    found = []
    for url in admin_pages():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=PSEUDO)
        # A 403: the model cannot be added in the admin (access logs, answers, mailings).
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        found += [
            f"{url}: {text}"
            for text in escapes.in_page(response.content.decode())
            if not UNMARKED_BY_DJANGO.fullmatch(text)
        ]

    assert not found, "Text that escaped translation:\n" + "\n".join(found)


def test_admin_action_confirmation_and_import_previews_read_translated(
    client, demo, pseudo_language, uploads_in_a_temporary_folder
):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies["django_language"] = PSEUDO
    registrations = Event.objects.get(slug=MILAN).registrations.values_list("pk", flat=True)
    # A valid file's preview, and one whose rows and headers are wrong.
    wrong_people = "Name,E-mail,Kind,Colour\r\nX,not-an-address,Alien,blue\r\n"
    wrong_registrations = "E-mail,Event\r\nnobody@example.org,no-such-event\r\n"

    pages = {
        "cancel": client.post(
            REGISTRATIONS,
            {"action": "cancel_registrations", "_selected_action": list(registrations)},
        ),
        "people preview": upload(client, PEOPLE, PEOPLE_CSV.encode()),
        "wrong people": upload(client, PEOPLE, wrong_people.encode()),
        "wrong registrations": upload(client, REGISTRATIONS, wrong_registrations.encode()),
    }

    # The uploaded files' own contents are data.
    escapes = Escapes(
        [
            *UNMARKED_BY_THEIR_APPS,
            "not-an-address",
            "Alien",
            "blue",
            "X",
            "Colour",
            "nobody@example.org",
            "no-such-event",
            "giulia@lombardy.example",
            "marco@lombardy.example",
        ],
        excerpts=True,
    )
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(
        pages, 200
    )
    assert {
        name: escapes.in_page(response.content.decode()) for name, response in pages.items()
    } == dict.fromkeys(pages, [])


def test_every_admin_action_reports_translated(client, demo, pseudo_language, rf):
    """Each action of the programme's admins run on a few rows: the page it leads to, with
    the message that says what it did (or its confirmation page)."""
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    client.cookies["django_language"] = PSEUDO
    request = rf.get("/admin/")
    request.user = user
    escapes = Escapes(UNMARKED_BY_THEIR_APPS)
    found, ran = [], []
    for model, model_admin in admin.site._registry.items():
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        rows = list(model.objects.values_list("pk", flat=True)[:3])
        for action in model_admin.get_actions(request):
            if action == "delete_selected" or action.startswith("export_") or not rows:
                continue
            response = client.post(
                changelist,
                {"action": action, "_selected_action": rows, "post": "yes"},
                HTTP_ACCEPT_LANGUAGE=PSEUDO,
                follow=True,
            )
            ran.append(action)
            found += [
                f"{changelist} {action}: {text}"
                for text in escapes.in_page(response.content.decode())
                if not UNMARKED_BY_DJANGO.fullmatch(text)
            ]

    assert "cancel_registrations" in ran
    assert not found, "Text that escaped translation:\n" + "\n".join(found)
