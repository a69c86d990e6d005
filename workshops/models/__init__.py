"""Events (workshops, webinars, visits), their agenda sessions, registrations and the e-mail
outbox."""

from .events import Event, EventQuerySet, Mode, Session
from .messages import Message, MessageQuerySet
from .registrations import Registration, RegistrationQuerySet

__all__ = [
    "Event",
    "EventQuerySet",
    "Message",
    "MessageQuerySet",
    "Mode",
    "Registration",
    "RegistrationQuerySet",
    "Session",
]
