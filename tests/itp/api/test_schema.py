import os
import re
from io import StringIO

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    out = StringIO()
    call_command("spectacular", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_schema_validates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_is_summarised_and_described(schema):
    undocumented = [
        (path, method)
        for path, method, operation in operations(schema)
        if not (operation.get("summary") and operation.get("description"))
    ]

    assert undocumented == []


def test_every_query_parameter_is_described(schema):
    undescribed = [
        (path, parameter["name"])
        for path, _method, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]

    assert undescribed == []


def test_every_operation_documents_its_problems(schema):
    missing = []
    for path, method, operation in operations(schema):
        expected = {"401", "405", "406", "429"}
        if "{" in path:
            expected.add("404")
        else:
            expected.add("400")
        for code in expected:
            content = operation["responses"].get(code, {}).get("content", {})
            if "application/problem+json" not in content:
                missing.append((path, method, code))

    assert missing == []


def test_docs_page_loads_only_same_origin_assets_under_the_csp(client):
    response = client.get("/api/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 5
    assert all(asset.startswith("/") and not asset.startswith("//") for asset in assets)
    assert "<script>" not in html
    assert "<style>" not in html


def test_docs_initialiser_is_a_script_pointing_at_the_schema(client):
    response = client.get("/api/docs/?script=")

    assert response["Content-Type"] == "application/javascript"
    assert "/api/schema/" in response.content.decode()
