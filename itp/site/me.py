"""A participant's own pages: their programme (``/me/``), profile and calendar address."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from regions.forms import ProfileForm
from regions.selectors import person_of
from regions.services import PROFILE_FIELDS, reset_calendar_token, update_profile
from teams import selectors as team_selectors
from workshops import selectors as workshop_selectors


class MyProgrammeView(LoginRequiredMixin, TemplateView):
    """The logged-in person's programme: registrations, feed, teams and secondments."""

    template_name = "site/me.html"

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
    """The logged-in person's own choices: public listing, biography and photo, time zone and
    optional e-mails."""

    template_name = "site/profile_form.html"
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
        initial = {field: getattr(self.person, field) for field in PROFILE_FIELDS}
        initial["alert_themes"] = list(self.person.alert_themes.all())
        return initial

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
