"""A coordinator's PDFs, downloaded as a coordinator does, read back: every column of every
section is on the paper, and nothing is drawn off it or cut off (tests/pdf_layout.py)."""

import pytest
from playwright.sync_api import expect

from itp.reports.filters import ReportFilters
from itp.reports.registry import REPORTS
from tests.pdf_layout import missing_headers, runs_cut_off

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MILAN = "milan-kick-off-workshop-2019"
# The sign-in sheet has columns of its own, not its report's.
SIGN_IN_HEADERS = ["Name", "Organisation and job title", "Signature"]


def printed_headers(name):
    """The headers of the columns a report's PDF shows, from the report's own definition."""
    return [
        column.header
        for section in REPORTS[name](ReportFilters()).sections()
        for column in section.columns
        if column.shown
    ]


def test_coordinator_downloads_every_report_as_a_pdf_with_every_column_on_the_page(
    page, demo, login
):
    login(page, "demo-coordinator")
    page.get_by_role("link", name="Reports").click()
    downloads = page.get_by_role("region", name="Download the reports")
    pdfs = {}

    for name, report in REPORTS.items():
        if name == "attendance":
            continue
        with page.expect_download() as download:
            downloads.get_by_role("link", name=f"PDF – {report.title}").click()
        pdfs[name] = download.value
    downloads.get_by_role("link", name="Choose an event to download – Attendance").click()
    page.get_by_label("Event").select_option(MILAN)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Seat holders")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF sign-in sheet – Attendance").click()
    pdfs["attendance"] = download.value

    assert pdfs["attendance"].suggested_filename == (
        "attendance-itp-kick-off-workshop-milan-2019-04-09.pdf"
    )
    problems = {}
    for name, download in pdfs.items():
        pdf = download.path().read_bytes()
        headers = SIGN_IN_HEADERS if name == "attendance" else printed_headers(name)
        found = [f"missing header {header!r}" for header in missing_headers(pdf, headers)]
        found += runs_cut_off(pdf)
        if not pdf.startswith(b"%PDF-") or found:
            problems[name] = found or ["not a PDF"]
    assert problems == {}
