"""The reports in the pseudo-language: each report's page, its PDF (its print template, as
the HTML WeasyPrint prints) and its XLSX sheets' names and header rows show no text that
escaped translation. CSV headers are left out: they are read back by programs."""

import io

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook

from itp.common.exporting.writers import write_xlsx
from itp.reports.filters import ReportFilters
from itp.reports.registry import REPORTS
from tests.factories import UserFactory
from tests.i18n.pseudo import PSEUDO, Escapes
from workshops.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.once]

MILAN = "milan-kick-off-workshop-2019"


@pytest.mark.parametrize("name", REPORTS)
def test_report_page_pdf_and_xlsx_headers_read_translated(client, demo, pseudo_language, name):
    report_class = REPORTS[name]
    event = Event.objects.get(slug=MILAN)
    needs_event = "event" in report_class.filter_names
    report = report_class(ReportFilters(event=event) if needs_event else ReportFilters())
    escapes = Escapes()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(
        f"/reports/{name}/",
        {"event": event.slug} if needs_event else {},
        HTTP_ACCEPT_LANGUAGE=PSEUDO,
    )
    printed = render_to_string(report.print_template, report.print_context(report.sections()))
    spreadsheet = io.BytesIO()
    write_xlsx(report, spreadsheet)
    sheets = load_workbook(spreadsheet, read_only=True).worksheets
    headers = [sheet.title for sheet in sheets] + [
        str(cell.value) for sheet in sheets for cell in next(sheet.iter_rows(max_row=1))
    ]

    assert page.status_code == 200
    assert {
        "page": escapes.in_page(page.content.decode()),
        "pdf": escapes.in_page(printed),
        "xlsx": [header for header in headers if escapes.left_untranslated(header)],
    } == {"page": [], "pdf": [], "xlsx": []}
