from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from regions.selectors import governments_by_emissions, person_of, programme_figures
from regions.services import reset_calendar_token
from workshops import selectors as workshop_selectors

from .charts import emissions_chart
from .models import Theme


class HomeView(TemplateView):
    """The programme overview: headline figures, the emissions chart and the themes."""

    template_name = "itp/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = programme_figures()
        context["chart"] = emissions_chart(governments_by_emissions())
        context["themes"] = Theme.objects.all()
        context["upcoming_events"] = workshop_selectors.schedule_events().upcoming()[:5]
        return context


class MyProgrammeView(LoginRequiredMixin, TemplateView):
    """The logged-in person's schedule: registrations coming up and past, and their feed."""

    template_name = "itp/me.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = person_of(self.request.user)
        context["person"] = person
        if person is not None:
            registrations = list(workshop_selectors.registrations_of(person))
            upcoming, past = workshop_selectors.split_upcoming_and_past(registrations)
            context["upcoming_registrations"] = upcoming
            context["past_registrations"] = past
        return context


class ResetCalendarTokenView(LoginRequiredMixin, View):
    """POST: replace the secret in the person's calendar feed address."""

    http_method_names = ["post"]

    def post(self, request):
        person = person_of(request.user)
        if person is None:
            messages.error(request, _("Your account is not linked to a participant yet."))
        else:
            reset_calendar_token(person=person)
            messages.success(
                request,
                _("Your calendar address has changed; the old one no longer works."),
            )
        return redirect("me")


class HealthView(View):
    """For load balancers: 200 when the database answers, 503 when it does not."""

    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})
