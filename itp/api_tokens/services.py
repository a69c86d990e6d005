"""Making and revoking personal API tokens."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import get_digest_token
from knox.settings import CONSTANTS

from itp.common.exceptions import Refused
from itp.models import ApiToken


class TokenRefused(Refused):
    """A token that may not be made: too many live ones, or a lifetime not offered."""


def create_token(*, user, name, scope, lifetime):
    """Make a token for ``user`` named ``name`` with ``scope`` (an ``ApiToken.Scope``) that
    expires after ``lifetime`` (a timedelta of one of ``ApiToken.LIFETIME_DAYS``).

    Returns ``(token, plaintext)``: the plaintext is the secret, to be shown once; only its
    hash is stored. Writes one ApiToken and its audit record. Raises ``TokenRefused`` when the
    user already holds ``ApiToken.LIVE_LIMIT`` live tokens or the lifetime is not offered, and
    ``ValidationError`` for an empty or over-long name or an unknown scope.
    """
    if lifetime not in [datetime.timedelta(days=days) for days in ApiToken.LIFETIME_DAYS]:
        raise TokenRefused(_("A token lasts 30, 90 or 365 days."))
    with transaction.atomic():
        # One at a time per person, so two requests together cannot pass the limit.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if ApiToken.objects.of(user).live().count() >= ApiToken.LIVE_LIMIT:
            raise TokenRefused(
                _(
                    "You already have %(limit)d tokens that have not expired. Revoke one you "
                    "no longer use before you create another."
                )
                % {"limit": ApiToken.LIVE_LIMIT}
            )
        digest, plaintext = get_digest_token()
        token = ApiToken(
            user=user,
            name=name,
            scope=scope,
            digest=digest,
            token_key=plaintext[: CONSTANTS.TOKEN_KEY_LENGTH],
            expiry=timezone.now() + lifetime,
        )
        token.full_clean(exclude=["digest", "token_key"])
        token.save()
    return token, plaintext


def revoke_token(*, token, revoked_by):
    """Revoke ``token``: it is deleted, so it authenticates nothing from now on. The audit
    trail records the deletion with ``revoked_by`` (its owner or a member of staff)."""
    token._history_user = revoked_by
    token.delete()


def record_use(token, *, now=None):
    """Note that ``token`` was just used, writing at most once per
    ``ApiToken.LAST_USED_PRECISION`` (an update, not a save: no audit record per request)."""
    now = now or timezone.now()
    if token.last_used is None or now - token.last_used >= ApiToken.LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
