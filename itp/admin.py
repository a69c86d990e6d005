from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Learning, Theme
from .roles import PROGRAMME_STAFF

# Addresses typed without a scheme ("www.example.org") are taken to be https.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Learning)
class LearningAdmin(admin.ModelAdmin):
    list_display = ("title", "government", "organisation", "is_published", "published_on")
    list_filter = ("is_published", "themes", "government")
    list_select_related = ("government", "organisation")
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = (
        "themes",
        "government",
        "organisation",
        "source_event",
        "source_team",
        "source_secondment",
    )
    readonly_fields = ("is_published", "published_on", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "themes")}),
        (_("About"), {"fields": ("government", "organisation")}),
        (
            _("Came from (one at most)"),
            {"fields": ("source_event", "source_team", "source_secondment")},
        ),
        (_("Publication"), {"fields": ("is_published", "published_on", "updated_at")}),
    )
    actions = ("publish", "unpublish")

    @admin.action(description=_("Publish the selected learnings"), permissions=["change"])
    def publish(self, request, queryset):
        for learning in queryset:
            services.publish_learning(learning=learning)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d learning published.", "%d learnings published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Withdraw the selected learnings"), permissions=["change"])
    def unpublish(self, request, queryset):
        for learning in queryset:
            services.unpublish_learning(learning=learning)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d learning withdrawn.", "%d learnings withdrawn.", count) % count,
            messages.SUCCESS,
        )


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ProgrammeUserAdmin(UserAdmin):
    """Login accounts. Staff and coordinators manage them, but nobody can raise their own
    powers: only superusers grant superuser status or single permissions, only programme
    staff assign roles, and only superusers touch a superuser's account."""

    list_filter = ("is_staff", "is_active", "groups")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
            if not request.user.groups.filter(name=PROGRAMME_STAFF).exists():
                readonly += ["is_staff", "groups"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
