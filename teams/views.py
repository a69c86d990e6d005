from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from . import selectors
from .filters import SecondmentFilter
from .models import Deliverable


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


class DeliverableFileView(View):
    """A deliverable's uploaded file, checked like the page that links to it.

    Files are never served from a public media folder: a team-only deliverable's file is a 404
    for everyone who may not see the deliverable, exactly as if it did not exist.
    """

    def get(self, request, slug, pk):
        deliverable = get_object_or_404(
            Deliverable.objects.select_related("team"), team__slug=slug, pk=pk
        )
        if not deliverable.file:
            raise Http404
        if deliverable.is_team_only and not selectors.sees_team_only_deliverables(
            user=request.user, team=deliverable.team
        ):
            raise Http404
        try:
            handle = deliverable.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        return FileResponse(
            handle, as_attachment=True, filename=deliverable.file.name.split("/")[-1]
        )


class SecondmentListView(FilterView):
    """Approved, under way and completed secondments; names only with consent."""

    filterset_class = SecondmentFilter
    template_name = "teams/secondment_list.html"
    context_object_name = "secondments"
    paginate_by = 30
    strict = False

    def get_queryset(self):
        return selectors.public_secondments().order_by("-starts_on", "pk")
