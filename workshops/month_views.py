"""The month calendar of public events."""

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from itp.common.text import excerpt
from regions.selectors import person_of

from . import selectors
from .forms import TimeZoneForm
from .month import Month, MonthRefused, days_with_events, month_weeks, month_window


class MonthCalendarView(TemplateView):
    """A month of the public schedule as a calendar (``?month=YYYY-MM``, this month without
    one), each event on its days in the viewer's time zone: ``?tz=``, else the signed-in
    person's own, else the venue's. A month that cannot be read is a 400 page that says why
    and links to this month."""

    template_name = "workshops/event_calendar.html"

    def get(self, request, *args, **kwargs):
        asked_zone = self._asked_zone()
        zone_name = asked_zone or self._own_zone()
        today = timezone.localdate(timezone=ZoneInfo(zone_name) if zone_name else None)
        context = {
            "this_month": Month.of(today),
            "this_month_query": self._query(None, asked_zone),
            "viewer_zone": zone_name,
            "asked_zone": asked_zone,
        }
        try:
            month = self._month(Month.of(today))
        except MonthRefused as refusal:
            return self.render_to_response({**context, "refusal": refusal.message}, status=400)

        def zone_of(event):
            return ZoneInfo(zone_name or event.time_zone)

        start, end = month_window(month)
        weeks = month_weeks(
            month, selectors.public_events_between(start, end), zone_of=zone_of, today=today
        )
        context.update(
            month=month,
            month_start=month.first_day,
            weeks=weeks,
            days_with_events=days_with_events(weeks),
            # None at either end of the years the calendar shows.
            previous_query=month.previous and self._query(month.previous, asked_zone),
            next_query=month.next and self._query(month.next, asked_zone),
        )
        return self.render_to_response(context)

    @staticmethod
    def _query(month, zone_name):
        """The query string of a link to ``month`` (this month for None), keeping the zone the
        viewer asked for."""
        parameters = {"month": str(month)} if month is not None else {}
        if zone_name:
            parameters["tz"] = zone_name
        return "?" + urlencode(parameters) if parameters else ""

    def _month(self, default):
        values = self.request.GET.getlist("month")
        if len(values) > 1:
            raise MonthRefused(_("Ask for one month at a time."))
        value = values[0].strip() if values else ""
        if not value:
            return default
        try:
            return Month.parse(value)
        except MonthRefused as refusal:
            raise MonthRefused(
                _("“%(value)s” is not a month the calendar shows. %(reason)s")
                % {"value": excerpt(value), "reason": refusal.message}
            ) from refusal

    def _asked_zone(self):
        """The zone of ``?tz=``, "" when none or one we do not know (which is said)."""
        if not self.request.GET.get("tz", "").strip():
            return ""
        form = TimeZoneForm(self.request.GET)
        if form.is_valid() and form.cleaned_data["tz"]:
            return form.cleaned_data["tz"]
        messages.warning(
            self.request,
            _("“%(zone)s” is not a time zone we know; times are shown in the venue's.")
            % {"zone": excerpt(self.request.GET["tz"])},
        )
        return ""

    def _own_zone(self):
        """The signed-in person's zone (or their government's), "" for each venue's."""
        person = person_of(self.request.user)
        return person.preferred_time_zone(default="") if person is not None else ""
