from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from regions.forms import ProfileForm
from regions.models import Government, Person
from regions.selectors import governments_by_emissions, person_of, programme_figures
from regions.services import PROFILE_FIELDS, reset_calendar_token, update_profile
from teams import selectors as team_selectors
from workshops import selectors as workshop_selectors
from workshops.models import Event

from .charts import emissions_chart
from .filters import LearningFilter
from .models import Learning, Theme


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
    """The logged-in person's programme: registrations, feed, teams and secondments."""

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
            context["memberships"] = team_selectors.teams_of(person)
            context["secondments"] = team_selectors.secondments_of(person)
            # Empty for someone with neither a zone nor a government: each event's own then.
            context["viewer_zone"] = person.preferred_time_zone(default="")
        return context


class ProfileView(LoginRequiredMixin, FormView):
    """The logged-in person's own choices: public listing, time zone and optional e-mails."""

    template_name = "itp/profile_form.html"
    form_class = ProfileForm

    def dispatch(self, request, *args, **kwargs):
        self.person = person_of(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.person is None:
            return self.render_to_response({"person": None})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.person is None:
            messages.error(request, _("Your account is not linked to a participant yet."))
            return redirect("me")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["person"] = self.person
        return kwargs

    def get_initial(self):
        return {field: getattr(self.person, field) for field in PROFILE_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)

    def form_valid(self, form):
        try:
            update_profile(person=self.person, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("Your profile is saved."))
        return redirect("me-profile")


class GovernmentDetailView(DetailView):
    """A government's profile: its figures, themes and listed people, and what it takes part in.

    It lives here rather than in ``regions`` because it shows events and teams, which
    ``regions`` does not know about.
    """

    template_name = "regions/government_detail.html"
    context_object_name = "government"

    def get_queryset(self):
        published_learnings = Learning.objects.published().order_by("-published_on", "title")
        hosted_events = Event.objects.public().order_by("-starts_at")
        return Government.objects.prefetch_related(
            "themes",
            Prefetch("people", queryset=Person.objects.listed_publicly(), to_attr="listed_people"),
            Prefetch("led_teams", queryset=team_selectors.teams_for_list(), to_attr="teams_led"),
            Prefetch("teams", queryset=team_selectors.teams_for_list(), to_attr="teams_joined"),
            *team_selectors.government_secondment_prefetches(),
            Prefetch("hosted_events", queryset=hosted_events, to_attr="public_hosted_events"),
            Prefetch("learnings", queryset=published_learnings, to_attr="published_learnings"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        government = self.object
        teams = {team.pk: team for team in government.teams_led + government.teams_joined}
        context["teams"] = sorted(teams.values(), key=lambda team: team.name)
        return context


class LearningListView(FilterView):
    """Published learnings, filtered by theme and by the government they are about."""

    filterset_class = LearningFilter
    template_name = "itp/learning_list.html"
    context_object_name = "learnings"
    paginate_by = 20
    strict = False

    def get_queryset(self):
        return (
            Learning.objects.published()
            .select_related("government", "organisation")
            .prefetch_related("themes")
            .order_by("-published_on", "title")
        )


class LearningDetailView(DetailView):
    """A published learning, linking to the event, team or secondment it came from."""

    template_name = "itp/learning_detail.html"
    context_object_name = "learning"

    def get_queryset(self):
        return (
            Learning.objects.published()
            .select_related(
                "government",
                "organisation",
                "source_event",
                "source_team",
                "source_secondment__person",
                "source_secondment__home_government",
                "source_secondment__host_government",
                "source_secondment__host_organisation",
            )
            .prefetch_related("themes")
        )


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
