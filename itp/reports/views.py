from urllib.parse import urlencode

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.views.generic import TemplateView, View
from django.views.generic.base import ContextMixin

from itp.common.caching import remember
from itp.common.exporting.writers import download_export
from itp.reports.services import record_report_download
from regions.selectors import programme_figures

from .base import ReportNeedsAnEvent
from .display import displayed
from .filters import ReportFilterForm, ReportFilters
from .registry import REPORTS
from .summary import ProgrammeSummary


class ReportPermissionMixin(PermissionRequiredMixin):
    """Reports are for holders of the export permission. An anonymous visitor is sent to log
    in and brought back (a coordinator following a link before logging in); a signed-in
    user without the permission gets a 403, since logging in again would not help them."""

    permission_required = "itp.export_reports"


class DashboardView(ReportPermissionMixin, TemplateView):
    """The programme dashboard: headline figures, activity with charts, and the reports."""

    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = remember("programme-figures", [], programme_figures)
        context["sections_html"] = sections_html(
            "summary-dashboard", ReportFilters(), ProgrammeSummary(ReportFilters()).sections
        )
        context["reports"] = [report(ReportFilters()) for report in REPORTS.values()]
        return context


def sections_html(name, filters, sections):
    """A report's sections as its page shows them (charts and tables), rendered once per data
    version and filters, and then shared by every coordinator until the next write. The
    sections are read only when the page is not in the cache."""
    return remember(
        "report-sections",
        [name, urlencode(filters.as_query())],
        lambda: render_to_string(
            "reports/includes/sections.html", {"sections": displayed(sections())}
        ),
    )


class ReportMixin(ReportPermissionMixin, ContextMixin):
    def dispatch(self, request, *args, name, **kwargs):
        if name not in REPORTS:
            raise Http404
        self.report_class = REPORTS[name]
        return super().dispatch(request, *args, name=name, **kwargs)

    def filter_form(self):
        """The form of the filters this report honours, read from the query string."""
        return ReportFilterForm(self.request.GET, fields=self.report_class.filter_names)

    def bad_request(self, message, form):
        """The report's page with its filters and what is wrong with them, as a 400: for a
        download too, so that a click on a link that cannot work lands on a page that says
        what to choose."""
        response = TemplateResponse(
            self.request,
            "reports/report_detail.html",
            self.get_context_data(form=form, error=message, report_class=self.report_class),
        )
        response.status_code = 400
        return response


class ReportView(ReportMixin, TemplateView):
    """A report as a page, with its filters and links to its downloads."""

    template_name = "reports/report_detail.html"

    def get(self, request, *args, **kwargs):
        form = self.filter_form()
        if not form.is_valid():
            return self.bad_request(form.error_text(), form)
        report = self.report_class(form.filters())
        try:
            sections = sections_html(report.name, report.filters, report.sections)
        except ReportNeedsAnEvent as missing:
            if "event" in request.GET:
                return self.bad_request(str(missing), form)
            # No downloads to offer yet: the page asks for the event first.
            return self.render_to_response(self.get_context_data(form=form, needs_event=True))
        return self.render_to_response(
            self.get_context_data(form=form, report=report, sections_html=sections)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report_class"] = self.report_class
        if "report" in kwargs:
            # The download links carry the filters as the form read them, nothing else.
            context["query"] = urlencode(kwargs["report"].filters.as_query())
        return context


class ReportDownloadView(ReportMixin, View):
    """A report as CSV (streamed), XLSX or PDF; every download is recorded."""

    def get(self, request, *args, name, format, **kwargs):
        form = self.filter_form()
        if not form.is_valid():
            return self.bad_request(form.error_text(), form)
        report = self.report_class(form.filters())
        try:
            sections = report.sections()
        except ReportNeedsAnEvent as missing:
            return self.bad_request(str(missing), form)
        record_report_download(
            user=request.user, report=name, format=format, filters=report.filters.as_query()
        )
        return download_export(report, format, sections, base_url=request.build_absolute_uri("/"))
