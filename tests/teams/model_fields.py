"""Dates and a secondment's fields shared by the tests of the teams models."""

import datetime

from tests.factories import GovernmentFactory, PersonFactory

JAN_1 = datetime.date(2025, 1, 1)
JUN_30 = datetime.date(2025, 6, 30)


def secondment_fields(**overrides):
    """The fields of a valid secondment of a new person, with ``overrides`` applied."""
    person = PersonFactory()
    fields = {
        "person": person,
        "home_government": person.government,
        "host_government": GovernmentFactory(),
        "host_organisation": None,
        "starts_on": JAN_1,
        "ends_on": JUN_30,
        "purpose": "Learn how the host runs its permitting desk.",
    }
    return fields | overrides
