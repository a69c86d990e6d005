from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from itp.common.admin import (
    ListFilterMediaMixin,
    RefuseMalformedInputMixin,
    RelatedAutocompleteFilter,
)
from itp.learnings import services
from itp.models import Learning, ReportDownload, Theme
from itp.roles import PROGRAMME_STAFF, assignable_groups, holds_more_than


@admin.register(Theme)
class ThemeAdmin(RefuseMalformedInputMixin, admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Learning)
class LearningAdmin(ListFilterMediaMixin, RefuseMalformedInputMixin, admin.ModelAdmin):
    list_display = ("title", "government", "organisation", "is_published", "published_on")
    list_filter = ("is_published", "themes", ("government", RelatedAutocompleteFilter))
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
class ProgrammeUserAdmin(RefuseMalformedInputMixin, UserAdmin):
    """Login accounts. Nobody changes, sets the password of or deletes an account that holds
    more than they do (``holds_more_than``), and nobody raises an account, their own included,
    above their own powers: only superusers grant superuser status or single permissions, and
    programme staff assign only roles whose permissions they hold. Coordinators only view
    accounts."""

    list_filter = ("is_staff", "is_active", "groups")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
            if not request.user.groups.filter(name=PROGRAMME_STAFF).exists():
                readonly += ["is_staff", "groups"]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = assignable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # Django's password view (``user_change_password``) asks this too, with the account.
    def has_change_permission(self, request, obj=None):
        if obj is not None and holds_more_than(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and holds_more_than(obj, request.user):
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The form offers nothing that raises the account above whoever saves it; should a
        # request get something through anyway, refusing here undoes the whole save.
        if holds_more_than(form.instance, request.user):
            raise PermissionDenied


# Django's and django-axes' own admins answer malformed input like the programme's.
admin.site.unregister(Group)


@admin.register(Group)
class ProgrammeGroupAdmin(RefuseMalformedInputMixin, GroupAdmin):
    pass


if admin.site.is_registered(AccessAttempt):  # unless AXES_ENABLE_ADMIN is off

    class LoginAttemptAdmin(RefuseMalformedInputMixin, AccessAttemptAdmin):
        pass

    class LoginLogAdmin(RefuseMalformedInputMixin, AccessLogAdmin):
        pass

    class LoginFailureLogAdmin(RefuseMalformedInputMixin, AccessFailureLogAdmin):
        pass

    for model, model_admin in (
        (AccessAttempt, LoginAttemptAdmin),
        (AccessLog, LoginLogAdmin),
        (AccessFailureLog, LoginFailureLogAdmin),
    ):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)


@admin.register(ReportDownload)
class ReportDownloadAdmin(RefuseMalformedInputMixin, admin.ModelAdmin):
    """The record of report downloads; written by the site, never edited."""

    list_display = ("created_at", "user", "report", "format", "filters")
    list_filter = ("report", "format", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "report")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
