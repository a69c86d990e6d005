"""Reports printed in the language of whoever asks for them."""

import io

import pytest
from pypdf import PdfReader

from tests.html import body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_report_s_pdf_declares_the_requesting_user_s_language(coordinator_client, language):
    response = coordinator_client.get("/reports/participation.pdf", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert response["Content-Language"] == language
    pdf = PdfReader(io.BytesIO(body(response)))
    assert pdf.trailer["/Root"]["/Lang"] == language
