"""Published learnings: the list and one learning."""

from django.views.generic import DetailView
from django_filters.views import FilterView

from itp.models import Learning, Material

from .filters import LearningFilter


class LearningListView(FilterView):
    """Published learnings, filtered by theme and by the government they are about."""

    filterset_class = LearningFilter
    template_name = "learnings/learning_list.html"
    context_object_name = "learnings"
    paginate_by = 20
    strict = False

    def get_queryset(self):
        return (
            Learning.objects.published()
            .select_related("government", "organisation")
            .prefetch_related("themes")
            .order_by("-published_on", "title_en")
        )


class LearningDetailView(DetailView):
    """A published learning, linking to the event, team or secondment it came from, with the
    materials the viewer may see."""

    template_name = "learnings/learning_detail.html"
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["materials"] = Material.objects.visible_to(self.request.user).of_learning(
            self.object
        )
        return context
