"""Reading the e-mail the workshops send: its HTML body, its calendar file; an online event."""

import icalendar

from tests.factories import EventFactory

JOIN_URL = "https://meet.example/itp-industrial-heat"


def html_body(email):
    """The HTML alternative of ``email``, its only one."""
    (alternative,) = email.alternatives
    assert alternative.mimetype == "text/html"
    return alternative.content


def calendar_event(email):
    """The VEVENT of the one .ics file attached to ``email``."""
    (attachment,) = email.attachments
    assert attachment.filename.endswith(".ics")
    (event,) = icalendar.Calendar.from_ical(attachment.content).walk("VEVENT")
    return event


def online_event(**fields):
    """A public event held online, with a join link."""
    return EventFactory(venue="", city="", country="", join_url=JOIN_URL, **fields)
