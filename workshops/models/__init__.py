"""Events (workshops, webinars, visits), their agenda sessions, registrations, the
questions events ask and their answers, the e-mail outbox, mailings and reminders."""

from .events import Event, EventQuerySet, Mode, Session
from .feedback import FEEDBACK_TEXT_MAX_LENGTH, FeedbackResponse
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
    "FEEDBACK_TEXT_MAX_LENGTH",
    "FeedbackResponse",
    "Message",
    "MessageQuerySet",
    "Question",
    "Mode",
    "Registration",
    "RegistrationQuerySet",
    "Session",
]
