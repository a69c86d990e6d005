"""The includes pages share (templates/includes/), rendered on their own."""

import re

from django import forms
from django.template.loader import render_to_string


class TwoFilters(forms.Form):
    theme = forms.CharField(required=False)
    event = forms.CharField(required=False)


def columns(html):
    return re.findall(r'<div class="([^"]+)">\s*<div id="div_id_(\w+)"', html)


def test_filter_form_is_sent_by_get_to_the_page_itself_with_a_column_per_field():
    html = render_to_string(
        "includes/filter_form.html", {"form": TwoFilters(), "label": "Filter the schedule"}
    )

    assert (
        '<form method="get" class="row g-2 align-items-end mb-4" aria-label="Filter the schedule">'
        in html
    )
    assert columns(html) == [("col-sm-6 col-lg-3", "theme"), ("col-sm-6 col-lg-3", "event")]
    assert '<button type="submit" class="btn btn-primary">Filter</button>' in html


def test_filter_form_takes_an_action_a_column_width_a_wide_field_and_a_button_text():
    html = render_to_string(
        "includes/filter_form.html",
        {
            "form": TwoFilters(),
            "label": "Filter the report",
            "action": "/reports/attendance/",
            "column": "col-sm-6 col-lg-4",
            "wide_field": "event",
            "button": "Show",
        },
    )

    assert '<form method="get" action="/reports/attendance/"' in html
    assert columns(html) == [("col-sm-6 col-lg-4", "theme"), ("col-lg-6", "event")]
    assert '<button type="submit" class="btn btn-primary">Show</button>' in html
