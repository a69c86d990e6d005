"""The admin of the e-mail outbox."""

from django.contrib import admin

from itp.common.admin import RefuseMalformedInputMixin
from itp.common.admin_paging import LargeTableAdminMixin

from ..models import Message


@admin.register(Message)
class MessageAdmin(LargeTableAdminMixin, RefuseMalformedInputMixin, admin.ModelAdmin):
    """The log of e-mail to participants: what was sent to whom and when, and what failed.
    Messages are written by the services and sent by them and by ``send_reminders``."""

    list_display = ("created_at", "kind", "recipient", "event", "status", "sent_at", "attempts")
    list_filter = ("status", "kind", "created_at")
    list_select_related = ("event",)
    # The order of creation, read from the primary key's index rather than by sorting the
    # whole outbox on its unindexed creation time for every page.
    ordering = ("-pk",)
    search_fields = ("recipient", "person__name", "event__title")
    date_hierarchy = "created_at"
    readonly_fields = (
        "kind",
        "mailing",
        "person",
        "event",
        "recipient",
        "status",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
