"""A deliverable's file is kept under an address no one can guess and is reached only
through the view that checks who asks, from the admin as from the team's page."""

import re

import pytest
from django.core.files.base import ContentFile

from teams.models import Deliverable
from tests.factories import DeliverableFactory, InnovationTeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliverable_with_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    deliverable = DeliverableFactory(
        team=InnovationTeamFactory(slug="green-steel"),
        visibility=Deliverable.Visibility.TEAM_ONLY,
    )
    deliverable.file.save("Regulatory barriers.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return deliverable


def test_a_deliverable_file_is_stored_under_a_random_folder_with_its_own_name(
    deliverable_with_file,
):
    assert re.fullmatch(
        r"deliverables/[0-9a-f]{32}/Regulatory_barriers\.pdf", deliverable_with_file.file.name
    )


def test_the_admin_links_a_deliverable_file_to_the_checked_view_not_the_media_folder(
    admin_client, deliverable_with_file
):
    page = admin_client.get(
        f"/admin/teams/deliverable/{deliverable_with_file.pk}/change/"
    ).content.decode()

    assert f'href="/teams/green-steel/deliverables/{deliverable_with_file.pk}/file"' in page
    assert "/media/" not in page


def test_the_checked_view_still_serves_the_file_under_its_own_name(
    admin_client, deliverable_with_file
):
    response = admin_client.get(f"/teams/green-steel/deliverables/{deliverable_with_file.pk}/file")

    assert response.status_code == 200
    assert 'filename="Regulatory_barriers.pdf"' in response["Content-Disposition"]
