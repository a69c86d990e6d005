"""The workshops app's admin: events and sessions, registrations, the e-mail outbox. Importing
the package registers them all (Django's admin autodiscovery imports ``workshops.admin``)."""

from . import events, messages, registrations

__all__ = ["events", "messages", "registrations"]
