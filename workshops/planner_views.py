"""The webinar time planner's pages: the plan of a day for staff and coordinators, and the
start of a draft webinar from one of its slots for staff."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from regions.holidays import has_holiday_calendar

from . import selectors, services
from .planner_forms import PlannerForm, StartWebinarForm

# Draft webinars start in UTC, as the planner shows them; staff set the venue's zone after.
DRAFT_WEBINAR_TIME_ZONE = "UTC"


class PlannerView(PermissionRequiredMixin, TemplateView):
    """``?date=YYYY-MM-DD&duration=<minutes>&slot=HH:MM``: each half hour of the day (UTC)
    on every active government's clock, the best slots, and the day's holidays. For staff and
    coordinators (who may view events); anonymous visitors are sent to log in, anyone else
    signed in gets a 403. Bad values are a 400 page with the message on the field."""

    permission_required = "workshops.view_event"
    template_name = "workshops/planner.html"

    def get(self, request, *args, **kwargs):
        form = PlannerForm.from_query(request.GET, today=timezone.now().date())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        plan = selectors.planned_day(form.cleaned_data["date"], form.planned_duration())
        chosen_time = form.chosen_time()
        shown = plan.slot_at(chosen_time) if chosen_time else None
        shown = shown or (plan.best[0] if plan.best else plan.slots[0])
        without_calendar = [
            government
            for government in plan.governments
            if not has_holiday_calendar(government.country.code, government.holiday_subdivision)
        ]
        return self.render_to_response(
            self.get_context_data(
                form=form,
                plan=plan,
                shown_slot=shown,
                query=urlencode(
                    {
                        "date": form.cleaned_data["date"].isoformat(),
                        "duration": form.cleaned_data["duration"],
                    }
                ),
                without_calendar=without_calendar,
                can_start_webinar=request.user.has_perm("workshops.add_event"),
            )
        )


class StartWebinarView(PermissionRequiredMixin, View):
    """POST a slot of the planner (date, duration, slot): a draft webinar then, and on to its
    page in the admin. For staff who may add events; a bad slot goes back to the planner
    with the reason."""

    permission_required = "workshops.add_event"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = StartWebinarForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
            return redirect(self._back_to_planner(form))
        try:
            event = services.create_draft_webinar(
                starts_at=form.starts_at(),
                duration=form.planned_duration(),
                time_zone=DRAFT_WEBINAR_TIME_ZONE,
                created_by=request.user,
            )
        except services.WebinarRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(self._back_to_planner(form))
        messages.success(
            request,
            _("The draft webinar “%(title)s” is made; fill in the rest and publish it.")
            % {"title": event.title},
        )
        return redirect("admin:workshops_event_change", event.pk)

    @staticmethod
    def _back_to_planner(form):
        """The planner's address with the date and duration that were valid."""
        cleaned = getattr(form, "cleaned_data", {})
        query = {name: cleaned[name] for name in ("date", "duration") if name in cleaned}
        path = reverse("workshops:planner")
        return f"{path}?{urlencode(query)}" if query else path
