"""The admin's index leads with what needs the staff's attention.

Above the list of models: the upcoming events with their seats left and waitlists, the
secondments awaiting approval, the overdue deliverables and the e-mails that did not reach
their recipient, each with its first rows, its total and a link to the filtered change list.
The queries are the apps' selectors; this module only composes them, a fixed number of
queries whatever the amount of data.

``ProgrammeAdminSite`` is Django's admin site with that index and the programme's apps listed
first. It is installed as the default site (``admin.site``, see ``itp.admin_site``), so every
app registers its admin on it as usual.
"""

import datetime
from dataclasses import dataclass

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from teams import selectors as teams_selectors
from workshops import selectors as workshops_selectors

# Rows each list shows; the total and a link to all of them follow.
ROWS_SHOWN = 10
# How far back undelivered e-mails are listed: older failures are history, not a task.
UNDELIVERED_EMAILS_SHOWN_FOR = datetime.timedelta(days=30)

# The programme's own apps, listed first on the index and in the admin's side bar, in the
# order of the layers; Django's and the libraries' (accounts, login throttling) follow.
PROGRAMME_APP_ORDER = ("itp", "regions", "workshops", "teams")


@dataclass(frozen=True)
class AttentionList:
    """The first rows of one list, how many there are in all, and where to see them all."""

    rows: list
    total: int
    all_url: str

    @property
    def has_more(self):
        return self.total > len(self.rows)


def needs_attention(user, *, now=None):
    """The lists the admin index leads with, by name (``events``, ``requests``, ``secondments``,
    ``deliverables``, ``emails``), each only when ``user`` may view its model. Two queries
    per list: its first rows and its total."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    lists = {}
    if user.has_perm("workshops.view_event"):
        lists["events"] = _first_rows(
            workshops_selectors.upcoming_events_with_seats(now),
            "admin:workshops_event_changelist",
            {"status__exact": "published", "ends_at__gt": now},
        )
    if user.has_perm("workshops.view_registration"):
        lists["requests"] = _first_rows(
            workshops_selectors.pending_requests(now),
            "admin:workshops_registration_changelist",
            {"status__exact": "pending"},
        )
    if user.has_perm("teams.view_secondment"):
        lists["secondments"] = _first_rows(
            teams_selectors.secondments_awaiting_approval(),
            "admin:teams_secondment_changelist",
            {"status__exact": "proposed"},
        )
    if user.has_perm("teams.view_deliverable"):
        lists["deliverables"] = _first_rows(
            teams_selectors.overdue_deliverables(today),
            "admin:teams_deliverable_changelist",
            {"overdue": "yes"},
        )
    if user.has_perm("workshops.view_message"):
        since = now - UNDELIVERED_EMAILS_SHOWN_FOR
        lists["emails"] = _first_rows(
            workshops_selectors.undelivered_messages(since=since),
            "admin:workshops_message_changelist",
            # The same window as the list, so that "All 12" leads to those 12, not to every
            # failure since the site began.
            {"status__in": "failed,pending", "attempts__gt": 0, "created_at__gte": since},
        )
    return lists


def _first_rows(queryset, changelist, filters):
    return AttentionList(
        rows=list(queryset[:ROWS_SHOWN]),
        total=queryset.count(),
        all_url=f"{reverse(changelist)}?{urlencode(filters)}",
    )


class ProgrammeAdminSite(admin.AdminSite):
    """Django's admin site, whose index leads with what needs attention and lists the
    programme's apps before Django's and the libraries'."""

    index_title = _("Programme administration")

    def index(self, request, extra_context=None):
        context = {"needs_attention": needs_attention(request.user), **(extra_context or {})}
        return super().index(request, context)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        programme_first = {label: position for position, label in enumerate(PROGRAMME_APP_ORDER)}
        # sorted() is stable: the other apps keep Django's alphabetical order after these.
        return sorted(apps, key=lambda app: programme_first.get(app["app_label"], len(apps)))
