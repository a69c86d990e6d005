"""The coordinators' report figures as JSON: the same reports, filters and permission as the
report pages (``itp.reports``), each section a table of typed columns and rows of values."""

import datetime
from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from itp.api.permissions import CanExportReports, with_defaults
from itp.api.problems import ValidationProblemSerializer
from itp.api.schema import PROBLEM_MEDIA_TYPES
from itp.common.caching import remember
from itp.common.exporting.tables import DATE, DECIMAL, INTEGER, PERCENT, TEXT
from itp.reports.base import ReportNeedsAnEvent
from itp.reports.filters import ReportFilterForm
from itp.reports.registry import REPORTS


def filter_query_names(report_class):
    """The query parameters a report reads, in its form's order."""
    return [ReportFilterForm.QUERY_NAMES.get(name, name) for name in report_class.filter_names]


def cell(value, kind):
    """A section's value as JSON holds it: numbers as numbers, dates as ISO 8601, text as text,
    no value as null."""
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if kind == INTEGER else float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def figures(report):
    """``report``'s sections as JSON-ready dictionaries, every row read."""
    return [
        {
            "title": str(section.title),
            "columns": [
                {"title": str(column.header), "kind": column.kind} for column in section.columns
            ],
            "rows": [
                [
                    cell(value, column.kind)
                    for value, column in zip(row, section.columns, strict=True)
                ]
                for row in section.rows
            ],
        }
        for section in report.sections()
    ]


class ReportSummarySerializer(serializers.Serializer):
    name = serializers.SlugField(help_text="The report's name in its address.")
    title = serializers.CharField()
    description = serializers.CharField()
    filters = serializers.ListField(
        child=serializers.CharField(), help_text="The query parameters the report reads."
    )
    url = serializers.URLField(help_text="The report's figures in the API.")
    html_url = serializers.URLField(help_text="The report's page on the site.")


class ColumnSerializer(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=[TEXT, INTEGER, DECIMAL, PERCENT, DATE],
        help_text="text; integer; decimal or percent (numbers); date (YYYY-MM-DD).",
    )


class SectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="One list of values a row, in the columns' order; null for no value.",
    )


class ReportFiguresSerializer(serializers.Serializer):
    report = serializers.SlugField()
    title = serializers.CharField()
    filters = serializers.DictField(
        child=serializers.CharField(), help_text="The filters applied, as query parameters."
    )
    sections = SectionSerializer(many=True)


REPORT_NAME = OpenApiParameter(
    "name",
    str,
    OpenApiParameter.PATH,
    description="The report's name, as listed by the reports route (e.g. participation).",
)
FILTER_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="The first day counted."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="The last day counted."),
    OpenApiParameter("government", str, description="A government's slug."),
    OpenApiParameter("theme", str, description="A theme's slug."),
    OpenApiParameter(
        "event", str, description="An event's slug: required by the attendance report."
    ),
]


class ReportsView(APIView):
    """The reports, for the holders of the report pages' permission."""

    permission_classes = with_defaults(CanExportReports)

    @extend_schema(
        operation_id="reports_list",
        summary="Reports",
        description="Every report whose figures the API gives, with the filters it reads.",
        tags=["reports"],
        responses=ReportSummarySerializer(many=True),
    )
    def get(self, request):
        return Response(
            [
                {
                    "name": name,
                    "title": str(report_class.title),
                    "description": str(report_class.description),
                    "filters": filter_query_names(report_class),
                    "url": request.build_absolute_uri(reverse("api:report", kwargs={"name": name})),
                    "html_url": request.build_absolute_uri(
                        reverse("reports:report", kwargs={"name": name})
                    ),
                }
                for name, report_class in REPORTS.items()
            ]
        )


class ReportView(APIView):
    """One report's figures, filtered as on its page."""

    permission_classes = with_defaults(CanExportReports)

    @extend_schema(
        operation_id="reports_retrieve",
        summary="A report's figures",
        description="The figures of the report named, as its page and downloads hold them, "
        "with the same filters; each report reads those listed by the reports route and "
        "ignores the others. A filter that is not valid, or the attendance report without "
        "an event, is a 400 naming the parameter.",
        tags=["reports"],
        parameters=[REPORT_NAME, *FILTER_PARAMETERS],
        responses={
            200: ReportFiguresSerializer,
            (400, PROBLEM_MEDIA_TYPES[0]): OpenApiResponse(
                ValidationProblemSerializer,
                description="A filter is not valid, or the attendance report has no event; "
                "errors names the parameter.",
            ),
        },
    )
    def get(self, request, name):
        report_class = REPORTS.get(name)
        if report_class is None:
            raise Http404
        form = ReportFilterForm(request.query_params, fields=report_class.filter_names)
        if not form.is_valid():
            raise ValidationError(
                {
                    ReportFilterForm.QUERY_NAMES.get(field, field): messages
                    for field, messages in form.errors.items()
                }
            )
        report = report_class(form.filters())
        try:
            # Kept under the data version, as the report page's sections are.
            sections = remember(
                "report-figures",
                [name, urlencode(report.filters.as_query())],
                lambda: figures(report),
            )
        except ReportNeedsAnEvent as missing:
            raise ValidationError({"event": [str(missing)]}) from None
        return Response(
            {
                "report": name,
                "title": str(report.title),
                "filters": report.filters.as_query(),
                "sections": sections,
            }
        )
