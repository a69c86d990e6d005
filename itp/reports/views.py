from urllib.parse import urlencode

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.views.generic import TemplateView

from itp.services import record_report_download
from regions.selectors import programme_figures

from . import exporters
from .definitions import (
    DATE,
    REPORTS,
    TEXT,
    ProgrammeSummary,
    ReportNeedsAnEvent,
    section_chart,
)
from .filters import ReportFilterForm, ReportFilters


class ReportPermissionMixin(PermissionRequiredMixin):
    """Reports are for holders of the export permission. An anonymous visitor is sent to log
    in and brought back (a coordinator following a link before logging in); a signed-in
    user without the permission gets a 403, since logging in again would not help them."""

    permission_required = "itp.export_reports"


def _with_charts(sections):
    """Sections with their rows read once, the chart drawn from them, and each cell marked
    as a number (aligned right) or not."""
    shown = []
    for section in sections:
        rows = list(section.rows)
        numeric = [column.kind not in (TEXT, DATE) for column in section.columns]
        cells = [
            [{"value": value, "numeric": flag} for value, flag in zip(row, numeric, strict=True)]
            for row in rows
        ]
        shown.append(
            {
                "section": section,
                "rows": rows,
                "cells": cells,
                "numeric": numeric,
                "chart": section_chart(section, rows),
            }
        )
    return shown


class DashboardView(ReportPermissionMixin, TemplateView):
    """The programme dashboard: headline figures, activity with charts, and the reports."""

    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = programme_figures()
        context["sections"] = _with_charts(ProgrammeSummary(ReportFilters()).sections())
        context["reports"] = [report(ReportFilters()) for report in REPORTS.values()]
        return context


class ReportMixin(ReportPermissionMixin):
    def dispatch(self, request, *args, name, **kwargs):
        if name not in REPORTS:
            raise Http404
        self.report_class = REPORTS[name]
        return super().dispatch(request, *args, name=name, **kwargs)

    def filter_form(self):
        return ReportFilterForm(self.request.GET)

    def bad_request(self, message, form):
        response = self.render_to_response(self.get_context_data(form=form, error=message))
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
            sections = _with_charts(report.sections())
        except ReportNeedsAnEvent as missing:
            if "event" in request.GET:
                return self.bad_request(str(missing), form)
            return self.render_to_response(self.get_context_data(form=form, report=report))
        return self.render_to_response(
            self.get_context_data(form=form, report=report, sections=sections)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report_class"] = self.report_class
        if "report" in kwargs:
            # The download links carry the filters as the form read them, nothing else.
            context["query"] = urlencode(kwargs["report"].filters.as_query())
        return context


class ReportDownloadView(ReportMixin, TemplateView):
    """A report as CSV (streamed), XLSX or PDF; every download is recorded."""

    template_name = "reports/report_detail.html"

    def get(self, request, *args, name, format, **kwargs):
        form = self.filter_form()
        if not form.is_valid():
            return HttpResponse(form.error_text(), status=400, content_type="text/plain")
        report = self.report_class(form.filters())
        try:
            sections = report.sections()
        except ReportNeedsAnEvent as missing:
            return HttpResponse(str(missing), status=400, content_type="text/plain")
        record_report_download(
            user=request.user, report=name, format=format, filters=report.filters.as_query()
        )
        if format in ("csv", "xlsx"):
            return exporters.download_response(report, format, sections)
        body = exporters.pdf_bytes(report, sections, base_url=request.build_absolute_uri("/"))
        response = HttpResponse(body, content_type=exporters.FORMATS["pdf"])
        response["Content-Disposition"] = f'attachment; filename="{report.filename("pdf")}"'
        return response
