"""Writes to people."""

from .models import Person, new_calendar_token


def reset_calendar_token(*, person):
    """Give a person a new calendar feed token; the old feed address stops working."""
    person.calendar_token = new_calendar_token()
    Person.objects.filter(pk=person.pk).update(calendar_token=person.calendar_token)
    return person.calendar_token
