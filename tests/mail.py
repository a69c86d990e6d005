"""Mail backends for the tests of sending: Django's in-memory one, and a server that is down."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
FAILING_BACKEND = "tests.mail.MailServerDownBackend"


class MailServerDownBackend(BaseEmailBackend):
    """A mail server that drops every connection, as one that is down or restarting does."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
