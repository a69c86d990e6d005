"""The feedback report: what attendees thought of the events, per event and per theme, and
their comments.

Who was asked is ``workshops.feedback.invited``: the people marked as attended, or everyone
registered at an event with no attendance recorded. The comments are shown here only (reports
are for programme staff and coordinators) and never with a name.
"""

from collections import Counter, defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itp.common.exporting.tables import DATE, DECIMAL, INTEGER, PERCENT, TEXT, Column, Section
from itp.models import Theme
from workshops.feedback import invited
from workshops.models import Event, FeedbackResponse, Registration

from .base import Report, counts_by, percent

RATINGS = range(1, 6)


class Feedback(Report):
    name = "feedback"
    title = _("Feedback")
    description = _(
        "What attendees thought of the events that have ended: response rate, mean rating "
        "and the spread of ratings per event and per theme, and their comments."
    )

    def sections(self):
        events = list(
            self.events()
            .filter(ends_at__lte=timezone.now())
            .order_by("starts_at", "pk")
            .values_list("pk", "title", "starts_at", "time_zone")
        )
        event_ids = [pk for pk, *_rest in events]
        asked = counts_by(invited(Registration.objects.filter(event__in=event_ids)), "event")
        ratings = defaultdict(Counter)  # event id: {rating: responses}
        for event_id, rating, total in (
            FeedbackResponse.objects.filter(registration__event__in=event_ids)
            .values_list("registration__event", "rating")
            .annotate(total=Count("pk"))
            .order_by()
        ):
            ratings[event_id][rating] = total
        days = {pk: _day(starts_at, zone) for pk, _title, starts_at, zone in events}
        return [
            Section(
                _("Feedback by event"),
                [
                    Column(_("Event"), TEXT, 34),
                    Column(_("Event date"), DATE, 12),
                    *_figure_columns(),
                ],
                [
                    (title, days[pk], *_figures(asked[pk], ratings[pk]))
                    for pk, title, _starts_at, _zone in events
                ],
            ),
            Section(
                _("Feedback by theme"),
                [Column(_("Theme"), TEXT, 30), Column(_("Events"), INTEGER, 8), *_figure_columns()],
                self._theme_rows(event_ids, asked, ratings),
            ),
            Section(
                _("Comments"),
                [
                    Column(_("Event"), TEXT, 34),
                    Column(_("Event date"), DATE, 12),
                    Column(_("Rating"), INTEGER, 8),
                    Column(_("What was useful"), TEXT, 50),
                    Column(_("What to change"), TEXT, 50),
                ],
                self._comment_rows(event_ids, days),
            ),
        ]

    def _theme_rows(self, event_ids, asked, ratings):
        """Each theme of the events, with the figures of its events added up."""
        events_of = defaultdict(list)
        for theme_id, event_id in (
            Event.themes.through.objects.filter(event__in=event_ids)
            .values_list("theme", "event")
            .order_by()
        ):
            events_of[theme_id].append(event_id)
        rows = []
        for theme_id, name in (
            Theme.objects.filter(pk__in=events_of).order_by("name_en").values_list("pk", "name")
        ):
            theme_events = events_of[theme_id]
            rows.append(
                (
                    name,
                    len(theme_events),
                    *_figures(
                        sum(asked[pk] for pk in theme_events),
                        sum((ratings[pk] for pk in theme_events), Counter()),
                    ),
                )
            )
        return rows

    def _comment_rows(self, event_ids, days):
        comments = (
            FeedbackResponse.objects.filter(registration__event__in=event_ids)
            .exclude(useful="", change="")
            .order_by("registration__event__starts_at", "registration__event", "submitted_at", "pk")
            .values_list(
                "registration__event", "registration__event__title", "rating", "useful", "change"
            )
        )
        return (
            (title, days[event_id], rating, useful, change)
            for event_id, title, rating, useful, change in comments.iterator(chunk_size=2000)
        )


def _figure_columns():
    return [
        Column(_("Asked"), INTEGER, 8),
        Column(_("Responses"), INTEGER, 10),
        Column(_("Response rate (%)"), PERCENT, 12),
        Column(_("Mean rating"), DECIMAL, 10),
        *(Column(_("Rated %(rating)s") % {"rating": rating}, INTEGER, 8) for rating in RATINGS),
    ]


def _figures(asked, ratings):
    """Asked, responses, response rate, mean rating (two decimals, None without responses)
    and the number of each rating from 1 to 5."""
    responses = sum(ratings.values())
    mean = (
        (Decimal(sum(rating * total for rating, total in ratings.items())) / responses).quantize(
            Decimal("0.01")
        )
        if responses
        else None
    )
    return (
        asked,
        responses,
        percent(responses, asked),
        mean,
        *(ratings[rating] for rating in RATINGS),
    )


def _day(starts_at, zone):
    return starts_at.astimezone(ZoneInfo(zone)).date()
