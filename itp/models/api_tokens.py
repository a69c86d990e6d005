"""Personal API tokens: a person's key to the REST API, kept only as its hash.

knox (django-rest-knox) makes and checks the tokens; this model is its token model
(``REST_KNOX["TOKEN_MODEL"]``) with what the owner chooses: a name, a scope and an expiry.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS
from simple_history.models import HistoricalRecords


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        """Tokens that have not expired yet."""
        return self.filter(expiry__gt=timezone.now())

    def of(self, user):
        return self.filter(user=user)


class ApiToken(AbstractAuthToken):
    """A personal token: ``digest`` is the hash of the secret, which is shown once and never
    stored; ``token_key`` is its first characters, by which knox finds the candidates."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        READ_WRITE = "read-write", _("Read and write")

    # The lifetimes an owner may choose; there is no token that never expires.
    LIFETIME_DAYS = (30, 90, 365)
    # Live tokens one person may hold at once.
    LIVE_LIMIT = 10
    # last_used is written at most this often, not on every request.
    LAST_USED_PRECISION = datetime.timedelta(minutes=1)

    # An integer key, not knox's digest: the revoke URL and the audit trail name a token by it.
    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True, editable=False)
    token_key = models.CharField(
        max_length=CONSTANTS.MAXIMUM_TOKEN_PREFIX_LENGTH + CONSTANTS.TOKEN_KEY_LENGTH,
        db_index=True,
        editable=False,
    )
    # knox's own code reaches a user's tokens as user.auth_token_set.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        related_name="auth_token_set",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expiry = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    # Creation and revocation, with who did it; never the hash, and not each use.
    history = HistoricalRecords(excluded_fields=["digest", "token_key", "last_used"])

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["read", "read-write"]), name="api_token_scope_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="api_token_name_not_empty"),
            models.CheckConstraint(
                condition=Q(expiry__gt=models.F("created")), name="api_token_expires_after_creation"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.user})"

    @property
    def is_expired(self):
        return self.expiry <= timezone.now()

    @property
    def is_read_only(self):
        return self.scope == self.Scope.READ
