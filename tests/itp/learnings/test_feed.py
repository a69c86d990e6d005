"""The Atom feed of published learnings."""

import datetime
import xml.etree.ElementTree as ElementTree

import pytest
from django.core.exceptions import ValidationError

from itp.learnings.feeds import FEED_ENTRIES
from tests.factories import (
    GovernmentFactory,
    LearningFactory,
    OrganisationFactory,
    ThemeFactory,
)
from tests.html import count_queries, text

pytestmark = pytest.mark.django_db

FEED = "/learnings/feed/"
ATOM = "{http://www.w3.org/2005/Atom}"


def published(**fields):
    fields.setdefault("published_on", datetime.date(2026, 3, 1))
    return LearningFactory(is_published=True, **fields)


def entries(response):
    """The feed's entries as parsed XML elements, in the feed's order."""
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def entry_titles(response):
    return [entry.findtext(f"{ATOM}title") for entry in entries(response)]


def test_feed_is_atom_with_the_published_learnings_newest_first(client):
    published(title="Older lesson", published_on=datetime.date(2026, 1, 5))
    published(title="Newer lesson", published_on=datetime.date(2026, 2, 5))
    LearningFactory(title="Draft lesson")

    response = client.get(FEED)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert entry_titles(response) == ["Newer lesson", "Older lesson"]
    root = ElementTree.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == "Industry Transition Platform: learnings"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/learnings/feed/"


def test_an_entry_has_its_link_summary_dates_author_and_themes(client):
    hydrogen = ThemeFactory(name="Sustainable hydrogen")
    heat = ThemeFactory(name="Industrial energy efficiency")
    learning = published(
        title="iRecovery",
        summary="Waste heat for 2,000 families.",
        published_on=datetime.date(2026, 3, 1),
        government=GovernmentFactory(name="Lombardy"),
        organisation=OrganisationFactory(name="ORI Martin"),
        themes=[hydrogen, heat],
    )

    (entry,) = entries(client.get(FEED))

    assert (
        entry.find(f"{ATOM}link").get("href") == f"http://testserver{learning.get_absolute_url()}"
    )
    assert entry.findtext(f"{ATOM}summary") == "<p>Waste heat for 2,000 families.</p>"
    assert entry.findtext(f"{ATOM}published") == "2026-03-01T00:00:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == learning.updated_at.isoformat()
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Lombardy"
    assert sorted(category.get("term") for category in entry.findall(f"{ATOM}category")) == [
        "Industrial energy efficiency",
        "Sustainable hydrogen",
    ]


def test_the_author_is_the_organisation_when_no_government(client):
    published(organisation=OrganisationFactory(name="Tenova"))

    (entry,) = entries(client.get(FEED))

    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Tenova"


def test_unicode_and_markup_in_titles_and_summaries_come_back_as_written(client):
    title = "Łódź & Québec <b>heat</b> “networks”"
    published(title=title, summary="<script>alert(1)</script> & more")

    response = client.get(FEED)

    (entry,) = entries(response)
    assert entry.findtext(f"{ATOM}title") == title
    # The summary is HTML: its markup is text in it, never markup of the reader's page.
    assert entry.findtext(f"{ATOM}summary") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>"
    )
    assert b"<script>" not in response.content


def test_the_feed_holds_a_bounded_number_of_entries(client):
    for day in range(FEED_ENTRIES + 3):
        published(published_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=day))

    assert len(entries(client.get(FEED))) == FEED_ENTRIES


def test_feed_costs_the_same_queries_for_one_learning_or_many(client):
    published(themes=[ThemeFactory()], government=GovernmentFactory())
    one = count_queries(client, FEED)
    for _ in range(10):
        published(themes=[ThemeFactory(), ThemeFactory()], organisation=OrganisationFactory())

    assert count_queries(client, FEED) == one


def test_feed_shows_an_edit_on_the_next_request(client):
    learning = published(title="First title")
    assert entry_titles(client.get(FEED)) == ["First title"]

    learning.title = "Edited title"
    learning.save()
    LearningFactory(title="Still a draft")

    assert entry_titles(client.get(FEED)) == ["Edited title"]


def test_a_reader_with_a_current_copy_is_answered_not_modified_until_an_edit(client):
    learning = published(title="First title")
    first = client.get(FEED)

    again = client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    learning.themes.add(ThemeFactory())
    after_edit = client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert after_edit.status_code == 200
    assert after_edit["ETag"] != first["ETag"]


def test_the_learnings_pages_announce_the_feed_and_the_list_links_to_it(client):
    learning = published()
    link = (
        '<link rel="alternate" type="application/atom+xml" '
        'title="ITP learnings (Atom feed)" href="/learnings/feed/">'
    )

    listing = text(client.get("/learnings/"))
    detail = text(client.get(learning.get_absolute_url()))

    assert link in listing
    assert link in detail
    assert '<a href="/learnings/feed/">Follow the learnings in a feed reader (Atom)</a>' in listing


def test_a_learning_slug_may_not_be_the_feed_s_address():
    learning = LearningFactory.build(slug="feed")

    with pytest.raises(ValidationError) as refusal:
        learning.full_clean()

    assert refusal.value.message_dict["slug"] == [
        "“feed” is the address of another page here; choose another slug."
    ]
