"""Events (workshops, webinars, visits), their agenda sessions, registrations, the
questions events ask and their answers, the e-mail outbox, mailings and reminders."""

from .events import Event, EventQuerySet, Session
from .mailings import EventReminder, Mailing
from .messages import Message, MessageQuerySet
from .questions import Answer, Question
from .registrations import Registration, RegistrationQuerySet

__all__ = [
    "Answer",
    "Event",
    "EventQuerySet",
    "EventReminder",
    "Mailing",
    "Message",
    "MessageQuerySet",
    "Question",
    "Registration",
    "RegistrationQuerySet",
    "Session",
]
