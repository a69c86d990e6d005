"""The workshops app's admin: events and sessions, registrations, the e-mail outbox, the
staff's mailings and the survey answers. Importing the package registers them all (Django's
admin autodiscovery imports ``workshops.admin``)."""

from . import events, feedback, mailings, messages, registrations

__all__ = ["events", "feedback", "mailings", "messages", "registrations"]
