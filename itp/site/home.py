"""The programme overview and the load balancers' health check."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views import View
from django.views.generic import TemplateView

from itp.models import Theme
from regions.selectors import governments_by_emissions, programme_figures
from workshops import selectors as workshop_selectors

from .charts import emissions_chart


class HomeView(TemplateView):
    """The programme overview: headline figures, the emissions chart and the themes."""

    template_name = "site/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = programme_figures()
        context["chart"] = emissions_chart(governments_by_emissions())
        context["themes"] = Theme.objects.all()
        context["upcoming_events"] = workshop_selectors.schedule_events().upcoming()[:5]
        return context


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
