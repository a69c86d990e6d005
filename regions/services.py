"""Writes to people."""

import contextlib
import io
import logging
import re
import warnings

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from itp.common.exceptions import Refused

from .models import Person, new_calendar_token

# What a person may change about themselves on /me/profile/ (and their photo).
PROFILE_FIELDS = (
    "consents_to_public_listing",
    "time_zone",
    "language",
    "wants_reminders",
    "wants_change_notices",
    "biography",
)

# What a photo upload may be: small enough to read, a format browsers show, and few enough
# pixels that decoding it cannot take the server's memory (a "decompression bomb": a small
# file that claims enormous dimensions).
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})  # as Pillow names them
# A stored photo fits in this box, keeping its proportions.
PHOTO_BOX = (400, 400)


def reset_calendar_token(*, person):
    """Give a person a new calendar feed token; the old feed address stops working."""
    person.calendar_token = new_calendar_token()
    Person.objects.filter(pk=person.pk).update(calendar_token=person.calendar_token)
    return person.calendar_token


@transaction.atomic
def update_profile(
    *,
    person,
    consents_to_public_listing,
    time_zone,
    wants_reminders,
    wants_change_notices,
    language=None,
    biography=None,
    photo=None,
    remove_photo=False,
    alert_themes=None,
):
    """Save a person's own choices: to be listed publicly or not, the time zone they see times
    in ("" for their government's, or the venue's), the optional e-mails they want, the
    language of the site and their e-mails ("" for their browser's; None keeps it), their
    biography (None keeps it), and a new photo (one ``photo_from_upload`` made) or none
    (``remove_photo``), and the themes whose new events they hear of (None keeps them).

    Raises ValidationError (keyed by field) and saves nothing when a value is refused, such as
    a zone that is not an IANA name. Side effects: a history record of the change; a replaced
    or removed photo's file is deleted once the change is committed. Returns the person.
    """
    person.consents_to_public_listing = consents_to_public_listing
    person.time_zone = time_zone
    person.wants_reminders = wants_reminders
    person.wants_change_notices = wants_change_notices
    if language is not None:
        person.language = language
    if biography is not None:
        person.biography = biography
    # Only the fields changed here are checked: a value stored long ago in another field
    # (an imported name) must not keep a person from changing their own choices.
    others = [field.name for field in Person._meta.fields if field.name not in PROFILE_FIELDS]
    person.clean_fields(exclude=others)
    updated = list(PROFILE_FIELDS)
    if photo is not None or remove_photo:
        replaced = person.photo.name
        person.photo = photo or ""
        updated.append("photo")
        delete_replaced_photo(replaced, person=person)
    person.save(update_fields=updated)
    if alert_themes is not None:
        person.alert_themes.set(alert_themes)
    return person


def save_language(*, person, language):
    """Remember ``language`` (a code of ``settings.LANGUAGES``, or "" for the browser's) as
    the language of ``person``'s site, e-mails and calendar feed. Raises ValidationError for
    any other code. Side effect: a history record of the change. Returns the person."""
    person.language = language
    person.clean_fields(exclude=[f.name for f in Person._meta.fields if f.name != "language"])
    person.save(update_fields=["language"])
    return person


def photo_from_upload(upload):
    """The uploaded file as a person's photo: a JPEG that fits in 400×400 pixels, turned
    upright, with no metadata (the camera's EXIF, with its place and time, is not copied).

    Raises ValidationError, with a message that says why, for a file over 5 MB, one that is not
    a JPEG, PNG or WebP image, one of more than 40 megapixels, and a damaged or cut-off one.
    Returns a ContentFile to assign to ``Person.photo``; its stored name is random.
    """
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than 5 MB: choose a smaller file."), code="photo_too_large"
        )
    try:
        with warnings.catch_warnings(), _cut_off_images_refused():
            # Pillow's own, much higher, limit on pixels warns first: a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                if image.format not in PHOTO_FORMATS:
                    raise ValidationError(
                        _("Upload a JPEG, PNG or WebP image; this file is a %(format)s image.")
                        % {"format": image.format},
                        code="photo_format",
                    )
                width, height = image.size
                if width * height > PHOTO_MAX_PIXELS:
                    raise _too_many_pixels()
                image.thumbnail(PHOTO_BOX)  # reads the pixels, so a cut-off file fails here
                image = ImageOps.exif_transpose(image)
                photo = _opaque(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not an image: upload a JPEG, PNG or WebP photo."),
            code="photo_not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("The image is damaged or incomplete: save it again, or choose another photo."),
            code="photo_damaged",
        ) from None
    content = io.BytesIO()
    photo.save(content, "JPEG", quality=85, optimize=True)
    return ContentFile(content.getvalue(), name="photo.jpg")


@contextlib.contextmanager
def _cut_off_images_refused():
    """Pillow refuses a cut-off image only while ImageFile.LOAD_TRUNCATED_IMAGES is off, and
    weasyprint turns it on for the whole process when the PDF reports import it. Off here,
    for as long as a photo is read: a PDF rendered meanwhile in another thread of the process
    would at worst leave out a broken image of its own."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _too_many_pixels():
    return ValidationError(
        _("The image has more than 40 megapixels: choose a smaller one."),
        code="photo_too_many_pixels",
    )


def _opaque(image):
    """The image in RGB; a transparent background becomes white."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def delete_replaced_photo(name, *, person):
    """Once the transaction commits, delete the file ``name`` unless it is still
    ``person``'s photo. A photo replaced or removed leaves no file behind."""
    if not name:
        return
    storage = Person._meta.get_field("photo").storage

    def delete():
        if person.photo.name != name:
            storage.delete(name)

    transaction.on_commit(delete)


logger = logging.getLogger(__name__)

# The role an invited person gets: itp.roles.PARTICIPANTS, named here because regions sits
# below itp and may not import it (tests/regions/test_invite.py checks the two agree).
PARTICIPANTS_GROUP = "Participants"

# What Django's username validator accepts; anything else in an address is left out.
USERNAME_REFUSED_CHARACTERS = re.compile(r"[^\w.@+-]")


class InvitationRefused(Refused):
    """An invitation that the person's record does not allow; ``message`` says why."""


def invite_person(*, person):
    """Give ``person`` a login account and e-mail them a link to choose its password.

    The account is new: its username is the person's e-mail address (made unique if taken),
    it has no usable password until the person sets one, it copies the address and the name,
    it is in the Participants role, and it is linked to the person. A person whose account
    was made by an earlier invitation and never used (no password set, never logged in) is
    sent a new link instead, since links expire. Returns (account, created).

    Raises InvitationRefused, changing nothing, for a person without an e-mail address, one
    whose account is in use, belongs to the staff or has another address than theirs, or one
    whose address another account has already (which the staff should link by hand rather
    than get a second account).

    Side effects: one transaction that locks the person's row; the e-mail is sent with
    Django's mail (not the event outbox, whose messages are about an event) after commit,
    and a failure to send is logged: the staff can invite again.
    """
    User = get_user_model()
    with transaction.atomic():
        # The account is read after the lock, by a query of its own: one made by an invitation
        # that held the lock before would not be seen by the locking query's join.
        person = Person.objects.select_for_update().get(pk=person.pk)
        email = person.email.strip()
        if not email:
            raise InvitationRefused(_("They have no e-mail address."))
        account = person.user
        if account is not None:
            if account.is_staff or account.is_superuser:
                raise InvitationRefused(
                    _("Their login is a staff account: set its password under Users.")
                )
            if account.has_usable_password() or account.last_login is not None:
                raise InvitationRefused(_("They already have a login."))
            if account.email.lower() != email.lower():
                # The link goes to the account's address. Taking the person's instead would let
                # whoever may change a person, but not that account, choose where it goes.
                raise InvitationRefused(
                    _(
                        "Their login (“%(username)s”) has another e-mail address: make the two "
                        "agree, under Users or on their form, then invite them again."
                    )
                    % {"username": account.get_username()}
                )
            created = False
        else:
            taken = User.objects.filter(email__iexact=email).first()
            if taken is not None:
                raise InvitationRefused(
                    _(
                        "A login account with their e-mail address exists already "
                        "(“%(username)s”): link it on their form instead."
                    )
                    % {"username": taken.get_username()}
                )
            first_name, _space, last_name = person.name.strip().partition(" ")
            account = User(
                username=_unique_username(email),
                email=email,
                first_name=first_name[:150],
                last_name=last_name[:150],
            )
            account.set_unusable_password()
            account.save()
            account.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
            person.user = account
            person.save(update_fields=["user"])
            created = True
        transaction.on_commit(lambda: _send_invitation(account, person))
    return account, created


def _unique_username(email):
    """The address as a username, with -2, -3... added while another account has it."""
    User = get_user_model()
    max_length = User._meta.get_field("username").max_length
    base = USERNAME_REFUSED_CHARACTERS.sub("", email.lower())[:max_length]
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        suffix = f"-{number}"
        username = base[: max_length - len(suffix)] + suffix
    return username


def _send_invitation(account, person):
    """The "choose your password" e-mail, in the person's language, with a link that Django's
    password reset view (``password_reset_confirm``) accepts until the password is set or the
    link expires."""
    site_url = settings.ITP_SITE_URL.rstrip("/")
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    context = {
        "person": person,
        "username": account.get_username(),
        "link": site_url + path,
        "login_url": site_url + reverse("login"),
        "days": max(settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60), 1),
    }
    language = person.preferred_language()
    with translation.override(language):
        subject = render_to_string("regions/email/invitation_subject.txt", context)
        body = render_to_string("regions/email/invitation.txt", context)
    message = EmailMessage(
        " ".join(subject.split()), body, to=[account.email], headers={"Content-Language": language}
    )
    try:
        message.send()
    except Exception:  # the account is made; the staff can send the invitation again
        logger.exception("Could not send the invitation to person %s", person.pk)
