"""Events (workshops, webinars, visits), their agenda sessions, registrations and the e-mail
outbox."""

from .events import Event, EventQuerySet, Session
from .feedback import FEEDBACK_TEXT_MAX_LENGTH, FeedbackResponse
from .messages import Message, MessageQuerySet
from .registrations import Registration, RegistrationQuerySet

__all__ = [
    "Event",
    "EventQuerySet",
    "FEEDBACK_TEXT_MAX_LENGTH",
    "FeedbackResponse",
    "Message",
    "MessageQuerySet",
    "Registration",
    "RegistrationQuerySet",
    "Session",
]
