"""The admin of the survey answers after events: read-only, since an answer is the
attendee's own; staff may delete one (a person's request)."""

from django.contrib import admin

from itp.common.admin import RefuseMalformedInputMixin
from itp.common.admin_paging import LargeTableAdminMixin

from ..models import FeedbackResponse


@admin.register(FeedbackResponse)
class FeedbackResponseAdmin(LargeTableAdminMixin, RefuseMalformedInputMixin, admin.ModelAdmin):
    list_display = ("submitted_at", "registration", "rating")
    list_filter = ("rating", "submitted_at")
    list_select_related = ("registration__person", "registration__event")
    ordering = ("-pk",)
    search_fields = ("registration__event__title", "registration__person__name")
    date_hierarchy = "submitted_at"
    readonly_fields = ("registration", "rating", "useful", "change", "submitted_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
