"""People who chose themes in their profile hear of each newly published event on one of
them: once per event, never for drafts, and not again when it is published anew."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, PersonFactory, ThemeFactory
from workshops.models import Event, Message
from workshops.notifications import send_pending_messages
from workshops.services import cancel_event, publish_event, save_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def hydrogen():
    return ThemeFactory(name="Sustainable hydrogen")


def a_draft(*themes, **fields):
    return EventFactory(status=Event.Status.DRAFT, themes=list(themes), **fields)


def follower(*themes):
    person = PersonFactory()
    person.alert_themes.set(themes)
    return person


def test_publishing_an_event_tells_the_people_who_follow_its_themes(hydrogen, commit, mailoutbox):
    finance = ThemeFactory()
    event = a_draft(hydrogen, finance, title="Hydrogen valleys")
    both = follower(hydrogen, finance)
    one = follower(finance)
    follower(ThemeFactory())  # another theme only
    PersonFactory()  # chose no theme: no opt-in

    with commit():
        publish_event(event=event)

    assert sorted(email.to[0] for email in mailoutbox) == sorted([both.email, one.email])
    assert {email.subject for email in mailoutbox} == {"New on the schedule: Hydrogen valleys"}
    assert "A new event on a theme you follow" in mailoutbox[0].body


def test_saving_a_draft_as_published_in_the_admin_tells_followers(hydrogen, commit, mailoutbox):
    event = a_draft(hydrogen)
    person = follower(hydrogen)
    event.status = Event.Status.PUBLISHED

    with commit():
        save_event(event=event, changed_fields=["status"])

    assert [email.to for email in mailoutbox] == [[person.email]]


def test_drafts_and_cancelled_events_tell_nobody(hydrogen, commit, mailoutbox):
    event = a_draft(hydrogen)
    follower(hydrogen)
    event.title = "Changed title"

    with commit():
        save_event(event=event, changed_fields=["title"])
        cancel_event(event=event)

    assert (mailoutbox, Message.objects.filter(kind=Message.Kind.NEW_EVENT).count()) == ([], 0)


def test_publishing_again_after_a_cancellation_tells_nobody_twice(hydrogen, commit, mailoutbox):
    event = a_draft(hydrogen)
    follower(hydrogen)
    with commit():
        publish_event(event=event)
    with commit():
        cancel_event(event=event)
    mailoutbox.clear()

    with commit():
        publish_event(event=event)

    assert [email.subject for email in mailoutbox] == []
    assert Message.objects.filter(kind=Message.Kind.NEW_EVENT).count() == 1


def test_an_event_that_has_started_is_no_news(hydrogen, commit, mailoutbox):
    starts_at = timezone.now() - datetime.timedelta(hours=1)
    event = a_draft(hydrogen, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3))
    follower(hydrogen)

    with commit():
        publish_event(event=event)

    assert mailoutbox == []


def test_news_of_an_event_cancelled_before_it_went_out_is_dropped(hydrogen, mailoutbox):
    event = a_draft(hydrogen)
    follower(hydrogen)
    publish_event(event=event)  # not committed: the news waits in the outbox
    cancel_event(event=event)

    send_pending_messages()

    assert mailoutbox == []
    assert Message.objects.get(kind=Message.Kind.NEW_EVENT).status == Message.Status.FAILED


def test_publishing_in_the_admin_with_new_themes_tells_their_followers(
    hydrogen, staff_client, commit, mailoutbox
):
    event = a_draft(time_zone="UTC")
    person = follower(hydrogen)
    url = reverse("admin:workshops_event_change", args=[event.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("themes", "starts_at", "ends_at")
    }
    starts, ends = (moment.replace(tzinfo=None) for moment in (event.starts_at, event.ends_at))
    data.update(
        {
            "status": Event.Status.PUBLISHED,
            "themes": [hydrogen.pk],
            "time_zone": "UTC",
            "starts_at_0": f"{starts:%Y-%m-%d}",
            "starts_at_1": f"{starts:%H:%M:%S}",
            "ends_at_0": f"{ends:%Y-%m-%d}",
            "ends_at_1": f"{ends:%H:%M:%S}",
            "host_government": "",
            **{
                f"{prefix}-{count}": "0"
                for prefix in ("sessions", "reminders", "materials", "questions")
                for count in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        }
    )

    with commit():
        response = staff_client.post(url, data)

    assert response.status_code == 302
    assert [email.to for email in mailoutbox] == [[person.email]]
    assert Message.objects.filter(kind=Message.Kind.NEW_EVENT).count() == 1
