"""The demo's survey answers on the Milan kick-off workshop."""

import pytest

from itp.demo.feedback import ANSWERS, MILAN, load_demo_feedback
from workshops.models import FeedbackResponse

pytestmark = pytest.mark.django_db


def test_demo_gives_eight_milan_attendees_their_answers(demo, coordinator_client):
    responses = FeedbackResponse.objects.filter(registration__event__slug=MILAN)

    assert sorted(responses.values_list("rating", flat=True)) == sorted(
        rating for rating, _useful, _change in ANSWERS
    )
    assert {r.registration.status for r in responses.select_related("registration")} == {"attended"}
    page = coordinator_client.get("/reports/feedback/").content.decode()
    assert "Too little on small and medium-sized firms." in page


def test_loading_the_demo_answers_again_changes_nothing(demo):
    before = list(FeedbackResponse.objects.order_by("pk").values())

    load_demo_feedback()

    assert list(FeedbackResponse.objects.order_by("pk").values()) == before
