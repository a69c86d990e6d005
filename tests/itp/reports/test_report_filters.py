"""What the reports' filters offer and what they keep."""

import datetime

import pytest
from django import forms

from itp.models import Theme
from itp.reports.filters import EventChoiceField, ReportFilterForm
from regions.models import Government, Person
from teams.models import InnovationTeam, Secondment
from tests.factories import (
    DeliverableFactory,
    InnovationTeamFactory,
    MembershipFactory,
    PersonFactory,
    SecondmentFactory,
)
from workshops.models import Event, Registration

from .catalogue import QUERIES, REPORT_NAMES
from .downloads import MILAN, csv_sections

pytestmark = pytest.mark.django_db


def section_rows(response, index=0):
    """The rows of one section of a report page, as the view hands them to the template."""
    return response.context["sections"][index].rows


FILTER_FIELDS = {
    "programme-summary": ["from", "to", "government", "theme"],
    "participation": ["from", "to", "government", "theme"],
    "attendance": ["event", "government"],
    "teams": ["from", "to", "government", "theme"],
    "secondments": ["from", "to", "government", "theme"],
    "feedback": ["from", "to", "government", "theme"],
}


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_report_form_shows_only_the_filters_the_report_honours(demo_coordinator_client, name):
    response = demo_coordinator_client.get(f"/reports/{name}/{QUERIES[name]}")

    content = response.content.decode()
    fields = ("from", "to", "government", "theme", "event")
    shown = sorted(
        (field for field in fields if f'name="{field}"' in content),
        key=lambda field: content.index(f'name="{field}"'),
    )
    assert shown == FILTER_FIELDS[name]


def test_report_download_links_carry_only_the_filters_the_report_honours(demo_coordinator_client):
    response = demo_coordinator_client.get(
        f"/reports/attendance/?event={MILAN}&government=wales&theme=sustainable-hydrogen&from=2020-01-01"
    )

    content = response.content.decode()
    assert f'href="/reports/attendance.csv?government=wales&amp;event={MILAN}"' in content
    assert "theme=" not in content.split('id="downloads-heading"')[1]
    assert "from=" not in content.split('id="downloads-heading"')[1]


def test_report_dates_are_picked_with_date_inputs_labelled_with_their_format(
    demo_coordinator_client,
):
    response = demo_coordinator_client.get("/reports/secondments/?from=2020-01-01")

    content = response.content.decode()
    assert '<input type="date" name="from" value="2020-01-01"' in content
    assert '<input type="date" name="to"' in content
    assert 'for="id_from"' in content
    assert 'aria-describedby="id_from_helptext"' in content
    assert "The first day counted, as YYYY-MM-DD." in content


def test_participation_filtered_by_government_has_one_row(demo_coordinator_client):
    page = demo_coordinator_client.get("/reports/participation/?government=lombardy")
    download = demo_coordinator_client.get("/reports/participation.csv?government=lombardy")

    (csv_rows,) = csv_sections(download)
    assert [row[0] for row in section_rows(page)] == ["Lombardy"]
    assert [row[0] for row in csv_rows[1:]] == ["Lombardy"]


def test_participation_without_filter_has_a_row_per_active_government(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/participation/")

    assert [row[0] for row in section_rows(response)] == list(
        Government.objects.filter(is_active=True).order_by("name").values_list("name", flat=True)
    )


def test_secondments_filtered_by_dates_keeps_only_overlapping_ones(demo_coordinator_client):
    # The demo's completed secondment ran from 3 February to 30 April 2020.
    for name, starts_on, ends_on in [
        ("Ends the day before", datetime.date(2020, 1, 1), datetime.date(2020, 4, 29)),
        ("Inside", datetime.date(2020, 5, 1), datetime.date(2020, 5, 31)),
        ("Starts on the last day", datetime.date(2020, 6, 30), datetime.date(2020, 9, 30)),
        ("Starts the day after", datetime.date(2020, 7, 1), datetime.date(2020, 8, 1)),
    ]:
        SecondmentFactory(
            person=PersonFactory(name=name),
            starts_on=starts_on,
            ends_on=ends_on,
            status=Secondment.Status.COMPLETED,
        )

    response = demo_coordinator_client.get("/reports/secondments/?from=2020-04-30&to=2020-06-30")

    assert [row[0] for row in section_rows(response)] == [
        "Callum Reid",
        "Inside",
        "Starts on the last day",
    ]


def test_secondments_filtered_by_government_keeps_those_from_or_to_it(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/secondments/?government=lombardy")

    assert [(row[0], row[1], row[2]) for row in section_rows(response)] == [
        ("Mathieu Leroy", "Hauts-de-France", "Lombardy"),
        ("Chiara Colombo", "Lombardy", "Silesia"),
    ]


def test_teams_filtered_by_theme_keeps_that_themes_teams(demo_coordinator_client):
    other = InnovationTeamFactory(name="Another theme's team")
    MembershipFactory(team=other)
    DeliverableFactory(team=other)
    hydrogen = Theme.objects.get(slug="sustainable-hydrogen")

    response = demo_coordinator_client.get("/reports/teams/?theme=sustainable-hydrogen")

    expected = set(InnovationTeam.objects.filter(theme=hydrogen).values_list("name", flat=True))
    assert expected == {"Hydrogen in heavy industry"}
    assert {row[0] for row in section_rows(response, 0)} == expected
    assert {row[0] for row in section_rows(response, 1)} == expected


def test_attendance_filtered_by_government_keeps_its_people(demo_coordinator_client):
    response = demo_coordinator_client.get(f"/reports/attendance/?event={MILAN}&government=wales")

    assert sorted(row[2] for row in section_rows(response)) == sorted(
        Person.objects.filter(government__slug="wales").values_list("name", flat=True)
    )


def test_participation_filtered_by_dates_counts_only_events_in_range(demo_coordinator_client):
    lombardy = Government.objects.get(slug="lombardy")
    upcoming = Registration.objects.filter(
        person__government=lombardy, event__starts_at__date__gte=datetime.date(2020, 1, 1)
    ).count()

    response = demo_coordinator_client.get("/reports/participation/?from=2020-01-01")

    (row,) = [row for row in section_rows(response) if row[0] == "Lombardy"]
    assert (row[2], row[3]) == (upcoming, 0)  # registrations; the 2019 attendance is left out


def test_programme_summary_filtered_by_government_totals_only_its_registrations(
    demo_coordinator_client,
):
    scotland = Government.objects.get(slug="scotland")

    response = demo_coordinator_client.get("/reports/programme-summary/?government=scotland")

    activity = dict(section_rows(response, 0))
    (by_government,) = section_rows(response, 4)
    expected = Registration.objects.filter(person__government=scotland).count()
    assert by_government[7] == expected
    assert activity["Registrations"] == expected


class PlainEventField(forms.ModelChoiceField):
    def label_from_instance(self, event):
        return EventChoiceField.label_from_instance(self, event)


class PlainFilterForm(forms.Form):
    """The choices of ReportFilterForm as Django's own fields and templates write them."""

    government = forms.ModelChoiceField(
        Government.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All governments",
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(), to_field_name="slug", required=False, empty_label="All themes"
    )
    event = PlainEventField(
        Event.objects.order_by("-starts_at"),
        to_field_name="slug",
        required=False,
        empty_label="Choose an event",
        help_text="The newest first.",
    )


@pytest.mark.parametrize("data", [{}, {"government": "wales", "theme": "innovative-finance"}])
def test_report_form_writes_its_choices_as_django_would(demo, data):
    data = {**data, "event": MILAN} if data else data
    ours, plain = ReportFilterForm(data or None), PlainFilterForm(data or None)

    for name in ("government", "theme", "event"):
        assert str(ours[name]) == str(plain[name]), name
    assert "selected>" in str(ours["event"]) or not data
