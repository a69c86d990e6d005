"""Events (workshops, webinars, visits), their agenda sessions, registrations and the e-mail
outbox, mailings and
reminders."""

from .events import Event, EventQuerySet, Session
from .mailings import EventReminder, Mailing
from .messages import Message, MessageQuerySet
from .registrations import Registration, RegistrationQuerySet

__all__ = [
    "Event",
    "EventQuerySet",
    "EventReminder",
    "Mailing",
    "Message",
    "MessageQuerySet",
    "Registration",
    "RegistrationQuerySet",
    "Session",
]
