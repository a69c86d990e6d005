"""A person's right of access and right to erasure, across every app.

``personal_data`` gathers everything the programme holds about one person; ``anonymise_person``
removes their name, e-mail address and login account while keeping their registrations,
memberships and secondments, so that the programme's totals stay as they were.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from itp.import_previews import remove_pending_previews
from regions.models import Person, new_calendar_token
from teams.models import Membership, Secondment
from workshops.models import Message, Registration, Session


class UnknownPerson(Exception):
    """No person has the e-mail address given."""


def find_person(email):
    """The person with ``email`` (case ignored), or UnknownPerson."""
    person = (
        Person.objects.select_related("government", "organisation", "user")
        .filter(email__iexact=email.strip())
        .first()
    )
    if person is None:
        raise UnknownPerson(f"No person has the e-mail address “{email}”.")
    return person


def personal_data(person):
    """Everything held about ``person``, as plain JSON-ready data."""
    user = person.user
    return {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "name": person.name,
            "email": person.email,
            "kind": person.kind,
            "job_title": person.job_title,
            "government": person.government.name if person.government else None,
            "organisation": person.organisation.name if person.organisation else None,
            "consents_to_public_listing": person.consents_to_public_listing,
            "calendar_feed_token": person.calendar_token,
        },
        "login_account": None
        if user is None
        else {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_active": user.is_active,
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "registrations": [
            {
                "event": registration.event.title,
                "event_starts_at": registration.event.starts_at.isoformat(),
                "status": registration.status,
                "waitlist_place": registration.waitlist_order,
                "registered_at": registration.created_at.isoformat(),
                "cancelled_at": _iso(registration.cancelled_at),
            }
            for registration in Registration.objects.filter(person=person)
            .select_related("event")
            .order_by("event__starts_at")
        ],
        "sessions_spoken_at": [
            {"event": session.event.title, "session": session.title}
            for session in Session.objects.filter(speakers=person)
            .select_related("event")
            .order_by("starts_at")
        ],
        "team_memberships": [
            {
                "team": membership.team.name,
                "role": membership.role,
                "from": membership.started_on.isoformat(),
                "to": _iso(membership.ended_on),
            }
            for membership in Membership.objects.filter(person=person)
            .select_related("team")
            .order_by("started_on")
        ],
        "secondments": [
            {
                "home_government": secondment.home_government.name,
                "host": str(secondment.host),
                "starts_on": secondment.starts_on.isoformat(),
                "ends_on": secondment.ends_on.isoformat(),
                "status": secondment.status,
                "purpose": secondment.purpose,
                "outcome_report": secondment.outcome_report,
            }
            for secondment in Secondment.objects.filter(person=person)
            .select_related("home_government", "host_government", "host_organisation")
            .order_by("starts_on")
        ],
        "messages": [
            {
                "kind": message.kind,
                "event": message.event.title,
                "recipient": message.recipient,
                "status": message.status,
                "created_at": message.created_at.isoformat(),
                "sent_at": _iso(message.sent_at),
            }
            for message in Message.objects.filter(person=person)
            .select_related("event")
            .order_by("created_at")
        ],
        "record_history": [
            {
                "changed_at": entry.history_date.isoformat(),
                "change": entry.get_history_type_display(),
                "name": entry.name,
                "email": entry.email,
            }
            for entry in person.history.order_by("history_date")
        ],
    }


def anonymise_person(*, person):
    """Replace ``person``'s name and e-mail with a placeholder and delete their login account.

    Their registrations, memberships and secondments stay, attached to the placeholder, so
    every count in the reports is unchanged. The old name and address are also removed from
    the record's audit trail, the e-mail log, the admin's log and the login-attempt log, and
    every import preview waiting for confirmation is removed. Returns the person.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        old_name, old_email = person.name, person.email
        placeholder = f"Anonymised person {person.pk}"
        user = person.user
        usernames = {old_email}
        if user is not None:
            usernames.update({user.username, user.email})

        person.history.all().delete()
        person.name = placeholder
        person.email = f"anonymised-{person.pk}@invalid.example"
        person.job_title = ""
        person.consents_to_public_listing = False
        person.calendar_token = new_calendar_token()
        person.user = None
        person.save()
        Message.objects.filter(person=person).update(recipient=person.email, last_error="")
        if user is not None:
            get_user_model().objects.filter(pk=user.pk).delete()

        for text in {old_name, old_email} - {""}:
            LogEntry.objects.filter(object_repr__contains=text).update(
                object_repr=Replace("object_repr", Value(text), Value(placeholder))
            )
        _forget_login_attempts(usernames - {""})
        # An upload waiting for its import's confirmation may name them in any cell, in a
        # zipped workbook: every such preview goes, and staff upload their file again.
        remove_pending_previews()
        return person


def _forget_login_attempts(usernames):
    matching = Q()
    for username in usernames:
        matching |= Q(username__iexact=username)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(matching).delete()


def _iso(value):
    return value.isoformat() if value else None
