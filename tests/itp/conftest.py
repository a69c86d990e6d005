"""The acting roles and the target accounts of the tests of the user admin."""

import pytest

from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF

from .accounts import STAFF_LACK, account


@pytest.fixture
def actors():
    return {
        "superuser": account(PROGRAMME_STAFF, is_superuser=True),
        "staff": account(PROGRAMME_STAFF),
        "coordinator": account(COORDINATORS),
        "participant": account(PARTICIPANTS),
        "anonymous": None,
    }


@pytest.fixture
def targets(actors):
    return {
        "superuser": account(PROGRAMME_STAFF, is_superuser=True),
        "staff": account(PROGRAMME_STAFF),
        "staff with more": account(PROGRAMME_STAFF, extra_permission=STAFF_LACK),
        "coordinator": account(COORDINATORS),
        "participant": account(PARTICIPANTS),
    }
