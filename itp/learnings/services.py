"""Learnings published and withdrawn."""

from django.db import transaction
from django.utils import timezone

from itp.models import Learning


def publish_learning(*, learning, published_on=None):
    """Publish ``learning`` on the site, dated ``published_on`` (default: today).

    A learning already published keeps its date. Returns the learning.
    """
    with transaction.atomic():
        learning = Learning.objects.select_for_update().get(pk=learning.pk)
        if not learning.is_published:
            learning.is_published = True
            learning.published_on = published_on or learning.published_on or timezone.localdate()
            learning.save(update_fields=["is_published", "published_on", "updated_at"])
        return learning


def unpublish_learning(*, learning):
    """Withdraw ``learning`` from the site; its date is kept for when it comes back."""
    with transaction.atomic():
        learning = Learning.objects.select_for_update().get(pk=learning.pk)
        if learning.is_published:
            learning.is_published = False
            learning.save(update_fields=["is_published", "updated_at"])
        return learning
