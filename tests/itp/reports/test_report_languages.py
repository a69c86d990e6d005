"""Reports printed in the language of whoever asks for them."""

import io

import pytest
from pypdf import PdfReader

from tests.catalogues import install_test_catalogues, marker
from tests.html import body
from tests.itp.reports.downloads import workbook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_report_s_pdf_declares_the_requesting_user_s_language(coordinator_client, language):
    response = coordinator_client.get("/reports/participation.pdf", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert response["Content-Language"] == language
    pdf = PdfReader(io.BytesIO(body(response)))
    assert pdf.trailer["/Root"]["/Lang"] == language


def test_a_report_s_xlsx_headers_are_in_the_requesting_user_s_language(
    coordinator_client, settings, tmp_path
):
    install_test_catalogues(settings, tmp_path, ["pl"], messages=["Government", "Registrations"])

    response = coordinator_client.get("/reports/participation.xlsx", HTTP_ACCEPT_LANGUAGE="pl")

    headers = [cell.value for cell in next(workbook(response).worksheets[0].iter_rows())]
    assert f"{marker('pl')} Government" in headers
    assert f"{marker('pl')} Registrations" in headers
