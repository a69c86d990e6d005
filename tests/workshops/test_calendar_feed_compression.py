"""The public feed, gzip-compressed for the calendar programs that accept it.

The feed of every public event is the site's largest answer (1.5 MB at coalition scale), and
calendar programs poll it every hour, each saying in Accept-Encoding that it takes gzip. The
compressed document is made once per version of the schedule, as the document itself is.
"""

import gzip
import re

import pytest

from tests.factories import EventFactory, SessionFactory
from tests.html import body
from workshops.models import Event
from workshops.services import save_event

pytestmark = pytest.mark.django_db

FEED = "/events/calendar.ics"
# What browsers and calendar programs send.
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def event():
    event = EventFactory(slug="kick-off-milan", title="Kick-off in Milan")
    SessionFactory(event=event, title="Site visit to the steelworks")
    return event


def test_a_client_that_accepts_gzip_gets_the_same_document_compressed(client, event):
    plain = client.get(FEED)

    compressed = client.get(FEED, headers=GZIP)

    assert compressed.status_code == 200
    assert compressed["Content-Encoding"] == "gzip"
    assert compressed["Content-Type"] == plain["Content-Type"]
    assert compressed["Content-Disposition"] == plain["Content-Disposition"]
    assert int(compressed["Content-Length"]) == len(body(compressed))
    assert gzip.decompress(body(compressed)) == body(plain)
    assert len(body(compressed)) < len(body(plain))


def test_a_client_that_says_nothing_of_encodings_gets_the_document_as_it_is(client, event):
    response = client.get(FEED)

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert body(response).startswith(b"BEGIN:VCALENDAR")
    assert int(response["Content-Length"]) == len(body(response))


@pytest.mark.parametrize(
    ("accept_encoding", "compressed"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("deflate, *;q=0.5", True),
        ("identity", False),
        ("br, deflate", False),
        ("gzip;q=0", False),
        ("gzip; q=0.000", False),
        ("*;q=0", False),
        ("*, gzip;q=0", False),
        ("", False),
        ("gzip;q=nonsense", False),
        ("notgzip, gzipped", False),
    ],
)
def test_the_accept_encoding_header_is_read_with_its_weights(
    client, event, accept_encoding, compressed
):
    response = client.get(FEED, headers={"Accept-Encoding": accept_encoding})

    assert response.status_code == 200
    assert (response.get("Content-Encoding") == "gzip") is compressed


def test_both_forms_say_that_they_depend_on_accept_encoding(client, event):
    for headers in ({}, GZIP):
        response = client.get(FEED, headers=headers)
        not_modified = client.get(FEED, headers={**headers, "If-None-Match": response["ETag"]})

        for answer in (response, not_modified):
            vary = {value.strip().lower() for value in answer["Vary"].split(",")}
            assert "accept-encoding" in vary


def test_each_form_has_its_own_etag_and_a_current_copy_of_either_is_not_modified(client, event):
    plain = client.get(FEED)
    compressed = client.get(FEED, headers=GZIP)

    assert re.fullmatch(r'"[0-9a-f]{64}"', compressed["ETag"])
    assert compressed["ETag"] != plain["ETag"]
    assert compressed["Last-Modified"] == plain["Last-Modified"]
    for headers, etag in ((GZIP, compressed["ETag"]), ({}, plain["ETag"])):
        again = client.get(FEED, headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304
        assert again["ETag"] == etag
        assert body(again) == b""


def test_a_compressed_copy_does_not_stand_for_the_plain_document(client, event):
    compressed = client.get(FEED, headers=GZIP)

    plain = client.get(FEED, headers={"If-None-Match": compressed["ETag"]})

    assert plain.status_code == 200
    assert body(plain).startswith(b"BEGIN:VCALENDAR")


def test_an_edit_shows_in_the_compressed_feed_on_the_next_request(client, event):
    first = client.get(FEED, headers=GZIP)
    event.title = "Waste heat workshop"
    save_event(event=event, changed_fields=["title"])

    again = client.get(FEED, headers={**GZIP, "If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b"Waste heat workshop" in gzip.decompress(body(again))
    assert b"Kick-off in Milan" not in gzip.decompress(body(again))


def test_an_event_leaving_the_schedule_leaves_the_compressed_feed(client, event):
    client.get(FEED, headers=GZIP)
    event.status = Event.Status.DRAFT
    save_event(event=event, changed_fields=["status"])

    again = client.get(FEED, headers=GZIP)

    assert b"kick-off-milan" not in gzip.decompress(body(again))


def test_head_gives_the_compressed_length_without_the_body(client, event):
    compressed = client.get(FEED, headers=GZIP)

    head = client.head(FEED, headers=GZIP)

    assert head.status_code == 200
    assert head["Content-Encoding"] == "gzip"
    assert head["Content-Length"] == compressed["Content-Length"]
    assert head["ETag"] == compressed["ETag"]


@pytest.mark.parametrize("path", ["/events/kick-off-milan/calendar.ics"])
def test_an_event_file_is_small_and_sent_as_it_is(client, event, path):
    response = client.get(path, headers=GZIP)

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert body(response).startswith(b"BEGIN:VCALENDAR")
