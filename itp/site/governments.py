"""The member governments: the list and each government's profile."""

from django.contrib import messages
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from itp.models import Learning
from regions.forms import GovernmentSortForm
from regions.models import Government, Person
from teams import selectors as team_selectors
from workshops.models import Event


class GovernmentListView(ListView):
    """The member governments, sortable by name, population, GDP or emissions, a page at a
    time: the coalition has hundreds of members."""

    template_name = "regions/government_list.html"
    context_object_name = "governments"
    paginate_by = 50

    def get_queryset(self):
        self.sort_form = GovernmentSortForm(self.request.GET)
        if "sort" in self.request.GET and not self.sort_form.is_valid():
            messages.warning(self.request, _("Unknown sort order; the list is sorted by name."))
        return Government.objects.active().order_by(*self.sort_form.ordering())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort_form"] = self.sort_form
        context["current_sort"] = self.sort_form.cleaned_data.get("sort") or "name"
        return context


class GovernmentDetailView(DetailView):
    """A government's profile: its figures, themes and listed people, and what it takes part in.

    It is composed here, above the apps, because it shows events and teams, which ``regions``
    does not know about.
    """

    template_name = "regions/government_detail.html"
    context_object_name = "government"

    def get_queryset(self):
        published_learnings = Learning.objects.published().order_by("-published_on", "title_en")
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
