from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from . import selectors
from .filters import SecondmentFilter


class TeamListView(ListView):
    """The innovation teams, with their challenge, theme and governments."""

    template_name = "teams/innovationteam_list.html"
    context_object_name = "teams"
    paginate_by = 30

    def get_queryset(self):
        return selectors.teams_for_list()


class TeamDetailView(DetailView):
    """A team: its challenge, governments, members and deliverables.

    Team-only deliverables are left out of the page unless the viewer is a current member
    of the team or may see them by permission (the programme staff).
    """

    template_name = "teams/innovationteam_detail.html"
    context_object_name = "team"

    def get_queryset(self):
        return selectors.teams_for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team = self.object
        sees_team_only = selectors.sees_team_only_deliverables(user=self.request.user, team=team)
        context["sees_team_only"] = sees_team_only
        context["deliverables"] = [
            deliverable
            for deliverable in team.deliverables.all()
            if sees_team_only or not deliverable.is_team_only
        ]
        return context


class SecondmentListView(FilterView):
    """Approved, under way and completed secondments; names only with consent."""

    filterset_class = SecondmentFilter
    template_name = "teams/secondment_list.html"
    context_object_name = "secondments"
    paginate_by = 30
    strict = False

    def get_queryset(self):
        return selectors.public_secondments().order_by("-starts_on", "pk")
