"""The people who consented to be listed: the list, each person's page and their photo.

Composed here, above the apps, because a person's page shows their sessions, teams,
secondments and learnings, which ``regions`` does not know about. Someone who did not consent
has no page and no photo: both are a 404, as if they did not exist.
"""

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView

from itp.models import Learning
from regions.forms import PersonFilterForm
from regions.models import Organisation, Person
from teams import selectors as team_selectors
from teams.models import Membership, Secondment
from workshops.models import Event, Session


def listed_people_for_pages():
    """Listed people with their government and organisation, by name."""
    return (
        Person.objects.listed().select_related("government", "organisation").order_by("name", "pk")
    )


class PersonListView(ListView):
    """The people who consented to be listed, by name, filtered by government, organisation
    or kind, a page at a time."""

    template_name = "regions/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = PersonFilterForm(self.request.GET)
        return self.filter_form.filter(listed_people_for_pages())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        # Chosen by following a link, not in the form: the page says which it is.
        organisation = self.filter_form.cleaned_data.get("organisation")
        if organisation:
            context["organisation"] = Organisation.objects.filter(slug=organisation).first()
        return context


class PersonDetailView(DetailView):
    """A listed person's page: who they are, what they spoke at (published events only),
    their current innovation teams, their public secondments and the learnings those led to."""

    template_name = "regions/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        sessions = (
            Session.objects.filter(event__status=Event.Status.PUBLISHED)
            .select_related("event")
            .order_by("starts_at", "pk")
        )
        # As /teams/ shows them: the current members only.
        memberships = (
            Membership.objects.current().select_related("team").order_by("team__name", "pk")
        )
        secondments = team_selectors.public_secondments().order_by("-starts_on")
        return listed_people_for_pages().prefetch_related(
            Prefetch("sessions_spoken_at", queryset=sessions, to_attr="public_sessions"),
            Prefetch("memberships", queryset=memberships, to_attr="current_memberships"),
            Prefetch("secondments", queryset=secondments, to_attr="public_secondments"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        now = timezone.now()
        context["upcoming_sessions"] = [s for s in person.public_sessions if s.ends_at >= now]
        context["past_sessions"] = [s for s in person.public_sessions if s.ends_at < now][::-1]
        # Learnings name no people: those from the person's public secondments are theirs.
        context["learnings"] = (
            Learning.objects.published()
            .filter(source_secondment__in=Secondment.objects.public().filter(person=person))
            .order_by("-published_on", "title_en")
        )
        return context


class PersonPhotoView(View):
    """A listed person's photo. Photos are never served from a public media folder: the
    photo of someone who withdrew their consent is a 404 from that moment on."""

    def get(self, request, slug):
        person = get_object_or_404(Person.objects.listed().only("photo"), slug=slug)
        if not person.photo:
            raise Http404
        try:
            photo = person.photo.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(photo, content_type="image/jpeg")
        # Asked again each time, so that withdrawn consent takes the photo off at once.
        response["Cache-Control"] = "no-cache"
        response["X-Content-Type-Options"] = "nosniff"
        return response
