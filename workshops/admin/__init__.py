"""The workshops app's admin: events and sessions, registrations, the e-mail outbox
and the staff's mailings. Importing
the package registers them all (Django's admin autodiscovery imports ``workshops.admin``)."""

from . import events, mailings, messages, registrations

__all__ = ["events", "mailings", "messages", "registrations"]
