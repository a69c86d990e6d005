from django.contrib import messages
from django.utils.translation import gettext as _
from django.views.generic import ListView

from .forms import GovernmentSortForm
from .models import Government


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
