"""The participant a workshop page is seen by, logged in part-way through a test."""

from tests.factories import PersonFactory, UserFactory


def logged_in_participant(client, **person_fields):
    """A Person with a login account, logged in on ``client``.

    Unlike the ``participant`` fixture, it takes the person's fields (their government, their
    time zone) and can log in for one case of a parametrised test only.
    """
    person = PersonFactory(user=UserFactory(), **person_fields)
    client.force_login(person.user)
    return person
