from django.contrib import messages
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from .forms import GovernmentSortForm
from .models import Government, Person


class GovernmentListView(ListView):
    """The member governments, sortable by name, population, GDP or emissions."""

    template_name = "regions/government_list.html"
    context_object_name = "governments"

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
    """A government's profile: its figures and their source, its themes, its listed people."""

    template_name = "regions/government_detail.html"
    context_object_name = "government"

    def get_queryset(self):
        return Government.objects.prefetch_related(
            "themes",
            Prefetch(
                "people",
                queryset=Person.objects.listed_publicly(),
                to_attr="listed_people",
            ),
        )
