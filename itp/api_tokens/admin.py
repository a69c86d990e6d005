"""Personal API tokens in the admin: staff see everyone's (never a secret or a hash) and revoke
them; nobody adds or edits one here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from itp.common.admin import RefuseMalformedInputMixin

from . import services


class ApiTokenAdmin(RefuseMalformedInputMixin, SimpleHistoryAdmin):
    list_display = ("user", "name", "scope", "created", "expiry", "last_used")
    list_filter = ("scope", "expiry")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    fields = ("user", "name", "scope", "created", "expiry", "last_used")
    readonly_fields = fields
    actions = ("revoke",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        # Revoking goes through the service (with its audit record), not a bare delete.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Revoke selected tokens"), permissions=["delete"])
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.select_related("user"):
            services.revoke_token(token=token, revoked_by=request.user)
            revoked += 1
        self.message_user(
            request,
            ngettext("%d token revoked.", "%d tokens revoked.", revoked) % revoked,
            messages.SUCCESS,
        )
