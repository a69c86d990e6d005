"""Events (workshops, webinars, visits), their agenda sessions, registrations, the
questions events ask and their answers, and the e-mail outbox."""

from .events import Event, EventQuerySet, Session
from .messages import Message, MessageQuerySet
from .questions import Answer, Question
from .registrations import Registration, RegistrationQuerySet

__all__ = [
    "Answer",
    "Event",
    "EventQuerySet",
    "Message",
    "MessageQuerySet",
    "Question",
    "Registration",
    "RegistrationQuerySet",
    "Session",
]
