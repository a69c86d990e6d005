from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from itp.api_tokens.admin import ApiTokenAdmin
from itp.common.admin import (
    HTTPS_URL_FIELDS,
    LanguageNamedLabelsMixin,
    ListFilterMediaMixin,
    LoadedChoicesInlineMixin,
    RefuseMalformedInputMixin,
    RelatedAutocompleteFilter,
)
from itp.common.content_languages import in_every_language
from itp.common.uploads import ServedFileInput
from itp.learnings import services
from itp.models import ApiToken, Learning, Material, ReportDownload, Theme
from itp.roles import PROGRAMME_STAFF, assignable_groups, holds_more_than


@admin.register(Theme)
class ThemeAdmin(RefuseMalformedInputMixin, LanguageNamedLabelsMixin, TranslationAdmin):
    list_display = ("name", "slug")
    search_fields = in_every_language("name", "description")
    prepopulated_fields = {"slug": ("name",)}


# Uploads are checked by Material.clean() (itp.common.uploads); the file's "currently" link
# is its download view, which checks who asks, never the media folder.
MATERIAL_FIELD_WIDGETS = {**HTTPS_URL_FIELDS, models.FileField: {"widget": ServedFileInput}}


class LearningMaterialInline(
    LoadedChoicesInlineMixin, LanguageNamedLabelsMixin, TranslationStackedInline
):
    model = Material
    fk_name = "learning"
    extra = 0
    formfield_overrides = MATERIAL_FIELD_WIDGETS
    autocomplete_fields = ("team",)
    fields = (("title", "kind"), "file", "link", ("visibility", "team"), "position")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team")


@admin.register(Learning)
class LearningAdmin(
    ListFilterMediaMixin, RefuseMalformedInputMixin, LanguageNamedLabelsMixin, TranslationAdmin
):
    inlines = (LearningMaterialInline,)
    list_display = ("title", "government", "organisation", "is_published", "published_on")
    list_filter = ("is_published", "themes", ("government", RelatedAutocompleteFilter))
    list_select_related = ("government", "organisation")
    search_fields = (*in_every_language("title", "summary", "body"), "slug")
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


@admin.register(Material)
class MaterialAdmin(
    ListFilterMediaMixin, RefuseMalformedInputMixin, LanguageNamedLabelsMixin, TranslationAdmin
):
    formfield_overrides = MATERIAL_FIELD_WIDGETS
    list_display = ("title", "kind", "belongs_to", "visibility", "team", "size", "updated_at")
    list_filter = (
        "kind",
        "visibility",
        ("event", RelatedAutocompleteFilter),
        ("team", RelatedAutocompleteFilter),
    )
    list_select_related = ("event", "session__event", "learning", "team")
    search_fields = (
        *in_every_language("title"),
        "original_name",
        "event__title",
        "session__title",
        "session__event__title",
        "learning__title",
    )
    autocomplete_fields = ("event", "session", "learning", "team")
    readonly_fields = ("original_name", "size", "content_type", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "kind", "position")}),
        (_("Belongs to (exactly one)"), {"fields": ("event", "session", "learning")}),
        (
            _("File or link (a recording is a link; the other kinds are files)"),
            {"fields": ("file", "link", "original_name", "size", "content_type")},
        ),
        (_("Who sees it"), {"fields": ("visibility", "team")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("belongs to"))
    def belongs_to(self, material):
        if material.session_id:
            return f"{material.session.event} – {material.session}"
        return material.event or material.learning

    @admin.display(description=_("size"), ordering="size_bytes")
    def size(self, material):
        return filesizeformat(material.size_bytes) if material.size_bytes else "–"


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


admin.site.register(ApiToken, ApiTokenAdmin)
