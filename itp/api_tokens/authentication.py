"""Who an API request comes from, by its personal token:
``Authorization: Bearer <token>``."""

from hmac import compare_digest

from django.utils import formats
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS
from rest_framework.exceptions import AuthenticationFailed

from itp.models import ApiToken

from .services import record_use


class PersonalTokenAuthentication(TokenAuthentication):
    """knox's check of the token's hash, with our answers: an expired token is refused with its
    date (knox would delete it silently and call it invalid), and each use is noted."""

    def authenticate_credentials(self, token):
        try:
            plaintext = token.decode("utf-8")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Invalid token.")) from None
        digest = hash_token(plaintext)
        candidates = ApiToken.objects.filter(
            token_key=plaintext[: CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user")
        for candidate in candidates:
            if compare_digest(digest, candidate.digest):
                if candidate.is_expired:
                    raise AuthenticationFailed(
                        _(
                            "This token expired on %(date)s. Create a new one on your "
                            "API tokens page."
                        )
                        % {"date": formats.date_format(candidate.expiry, "DATE_FORMAT")}
                    )
                user, api_token = self.validate_user(candidate)
                record_use(api_token)
                return user, api_token
        raise AuthenticationFailed(_("Invalid token."))
