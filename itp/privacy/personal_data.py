"""A person's right of access and right to erasure, across every app.

``personal_data`` gathers everything the programme holds about one person; ``anonymise_person``
removes their name and e-mail address and their answers to registration questions and closes
their login account while keeping their registrations, memberships and secondments, so that
the programme's totals stay as they were.
"""

import json
import re

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from itp.common.exceptions import Refused
from itp.common.importing.previews import remove_pending_previews
from regions.models import Person, new_calendar_token
from teams.models import Membership, Secondment
from workshops.models import Answer, FeedbackResponse, Message, Registration, Session


class UnknownPerson(Refused):
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
            "language": person.language,
            "calendar_feed_token": person.calendar_token,
            "page_address": person.get_absolute_url(),
            "biography": person.biography,
            "has_photo": bool(person.photo),
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
                "mode": registration.mode,
                "waitlist_place": registration.waitlist_place,
                "registered_at": registration.created_at.isoformat(),
                "cancelled_at": _iso(registration.cancelled_at),
                "answers": [
                    {"question": answer.question.label, "answer": answer.value}
                    for answer in registration.answers.all()
                ],
            }
            for registration in Registration.objects.filter(person=person)
            .with_waitlist_place()
            .select_related("event")
            .prefetch_related(Prefetch("answers", queryset=Answer.objects.for_reading()))
            .order_by("event__starts_at")
        ],
        "feedback": [
            {
                "event": response.registration.event.title,
                "rating": response.rating,
                "useful": response.useful,
                "change": response.change,
                "submitted_at": response.submitted_at.isoformat(),
            }
            for response in FeedbackResponse.objects.filter(registration__person=person)
            .select_related("registration__event")
            .order_by("submitted_at")
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
    """Replace ``person``'s name, page address (slug) and e-mail with a placeholder, clear
    their biography, photo (the photo's file is deleted on commit) and language, delete their
    answers to registration questions, and close their login account.

    Their registrations, memberships and secondments stay, attached to the placeholder, so
    every count in the reports is unchanged. The comments of their survey answers are
    deleted; the ratings stay, and the reports count them without a name. Every name and
    address they had is also removed from their record's history, the e-mail log, the admin's
    log of their own records and the login-attempt log, and every import preview waiting for
    confirmation is removed. The login account is kept, without name, address, password,
    roles or permissions, so that the admin's log of what they did stays (deleting the account
    would delete it). Returns the person.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        placeholder = f"Anonymised person {person.pk}"
        placeholder_email = f"anonymised-{person.pk}@invalid.example"
        # Their page address was made from their name.
        placeholder_slug = f"anonymised-{person.pk}"
        user = person.user
        # Every name and address they had, their record's history included.
        names = {person.name, *person.history.values_list("name", flat=True)}
        emails = {person.email, *person.history.values_list("email", flat=True)}
        logins = set(emails)
        if user is not None:
            names.update({user.username, user.get_full_name()})
            emails.add(user.email)
            logins.update({user.username, user.email})

        photo = person.photo.name
        person.name = placeholder
        person.slug = placeholder_slug
        person.email = placeholder_email
        person.job_title = ""
        person.biography = ""
        person.photo = ""
        person.consents_to_public_listing = False
        person.language = ""
        person.calendar_token = new_calendar_token()
        person.user = None
        person.save()
        person.history.all().update(
            name=placeholder,
            slug=placeholder_slug,
            email=placeholder_email,
            job_title="",
            biography="",
            language="",
            user=None,
        )
        if photo:
            storage = person.photo.storage
            transaction.on_commit(lambda: storage.delete(photo))
        Message.objects.filter(person=person).update(recipient=placeholder_email, last_error="")
        # Answers to registration questions (diet, accessibility, visa) are theirs alone.
        Answer.objects.filter(registration__person=person).delete()
        # Their comments may name them or others; their ratings stay, counted anonymously.
        FeedbackResponse.objects.filter(registration__person=person).update(useful="", change="")
        if user is not None:
            _close_login_account(user, username=f"anonymised-{person.pk}")
        _scrub_admin_log(
            person=person,
            user=user,
            replacements={
                **dict.fromkeys(names, placeholder),
                **dict.fromkeys(emails, placeholder_email),
            },
        )
        _forget_login_attempts(logins - {""})
        # An upload waiting for its import's confirmation may name them in any cell, in a
        # zipped workbook: every such preview goes, and staff upload their file again.
        remove_pending_previews()
        return person


def _forget_login_attempts(usernames):
    if not usernames:
        return  # an empty Q() would match, and delete, everyone's attempts
    matching = Q()
    for username in usernames:
        matching |= Q(username__iexact=username)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(matching).delete()


def _close_login_account(user, *, username):
    user.username = username
    user.email = user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def _scrub_admin_log(*, person, user, replacements):
    """Rewrite the admin's log entries about the person's own records, found by content type
    and object id, never by their text: an entry about another record (the event "ITP
    kick-off workshop, Milan", for a person named Milan) stays as it was. An entry names the
    record as it is now; one about a record deleted since has each text of ``replacements``
    replaced, as has the message of every entry."""
    replace = _replacer(replacements)
    for model, records, deleted_ids in _own_records(person, user):
        current = {str(record.pk): str(record)[:200] for record in records}
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id__in={*current, *map(str, deleted_ids)},
        )
        for entry in entries:
            entry.object_repr = current.get(entry.object_id) or replace(entry.object_repr)
            entry.change_message = _replaced_in_change_message(entry.change_message, replace)
            entry.save(update_fields=["object_repr", "change_message"])


def _own_records(person, user):
    """The records whose text names the person, as (model, those there now, the ids of
    deleted ones that the audit trail remembers)."""
    User = get_user_model()

    def remembered(model):
        return model.history.filter(person_id=person.pk).values_list("id", flat=True)

    return [
        (Person, [person], []),
        (User, User.objects.filter(pk=user.pk) if user else [], []),
        (
            Registration,
            Registration.objects.filter(person=person).select_related("person", "event"),
            remembered(Registration),
        ),
        (
            Membership,
            Membership.objects.filter(person=person).select_related("person", "team"),
            [],
        ),
        (
            Secondment,
            Secondment.objects.filter(person=person).select_related(
                "person", "host_government", "host_organisation"
            ),
            remembered(Secondment),
        ),
        (Message, Message.objects.filter(person=person).select_related("event"), []),
    ]


def _replacer(replacements):
    """A function that replaces each key of ``replacements`` in a text by its value, ignoring
    case, in one pass (a placeholder is never replaced in turn)."""
    texts = sorted((text for text in replacements if text), key=len, reverse=True)
    if not texts:
        return lambda text: text
    pattern = re.compile("|".join(map(re.escape, texts)), re.IGNORECASE)
    by_key = {text.casefold(): value for text, value in replacements.items()}
    fallback = replacements[texts[0]]
    return lambda text: pattern.sub(
        lambda match: by_key.get(match.group(0).casefold(), fallback), text
    )


def _replaced_in_change_message(message, replace):
    # The admin writes a JSON list in which only "object", the text of a record changed
    # through an inline, can name anyone; any other message is plain text.
    try:
        changes = json.loads(message)
    except ValueError:
        return replace(message)
    if not isinstance(changes, list):
        return replace(message)
    for change in changes:
        for details in change.values() if isinstance(change, dict) else ():
            if isinstance(details, dict) and isinstance(details.get("object"), str):
                details["object"] = replace(details["object"])
    return json.dumps(changes)


def _iso(value):
    return value.isoformat() if value else None
