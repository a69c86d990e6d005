"""The Atom feed of published learnings, for the coalition's sites and feed readers."""

import datetime
import hashlib

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from itp.common.caching import data_version
from itp.models import Learning

# Entries in the feed: a reader keeps what it has fetched, so the newest are enough.
FEED_ENTRIES = 50


class LearningFeed(Feed):
    """The newest published learnings, each with its summary, the government or organisation
    it is about as its author, and its themes as categories."""

    feed_type = Atom1Feed
    title = _("Industry Transition Platform: learnings")
    subtitle = _("What the programme has learnt, shared with the whole Under2 Coalition.")
    link = reverse_lazy("learnings:learning-list")
    feed_url = reverse_lazy("learnings:learning-feed")

    def items(self):
        return (
            Learning.objects.published()
            .select_related("government", "organisation")
            .prefetch_related("themes")
            .order_by("-published_on", "-updated_at", "title_en")[:FEED_ENTRIES]
        )

    def item_title(self, item):
        # Atom titles are text: the feed's XML escapes them once (the default escapes twice).
        return item.title

    def item_description(self, item):
        # An Atom summary from Django is HTML: the plain-text summary is escaped into it.
        return linebreaks(item.summary, autoescape=True)

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.published_on, datetime.time(), datetime.UTC)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        """The government or organisation the learning is about: what the programme
        learnt from, never a person's name."""
        about = item.government or item.organisation
        return about.name if about is not None else None

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


def feed_etag(request, *args, **kwargs):
    """The feed's ETag: the data version (any write moves it, an edited theme or government
    name as well as a learning), the site's address and the language. One query; a reader
    whose copy is current is answered 304 without the feed being built."""
    state = f"{request.scheme}://{request.get_host()} {get_language()} {data_version()}"
    return hashlib.sha256(state.encode()).hexdigest()
