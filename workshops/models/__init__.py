"""Events (workshops, webinars, visits), their agenda sessions, registrations and the e-mail
outbox."""

from .events import Event, EventQuerySet, Session
from .messages import Message, MessageQuerySet
from .registrations import Registration, RegistrationQuerySet

__all__ = [
    "Event",
    "EventQuerySet",
    "Message",
    "MessageQuerySet",
    "Registration",
    "RegistrationQuerySet",
    "Session",
]
