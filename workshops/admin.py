from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from itp.admin_fields import HTTPS_URL_FIELDS
from itp.common.admin import RefuseMalformedInputMixin

from . import services
from .models import Event, Message, Registration, Session


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    autocomplete_fields = ("speakers", "host_organisation", "themes")
    fields = (
        ("title", "kind"),
        ("starts_at", "ends_at"),
        "location",
        "host_organisation",
        "speakers",
        "themes",
        "description",
    )


class RegistrationInline(admin.TabularInline):
    """Registrations change only through the services (capacity, waitlist), so read-only here."""

    model = Registration
    extra = 0
    fields = ("person", "status", "waitlist_order", "created_at", "cancelled_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(RefuseMalformedInputMixin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = (
        "title",
        "kind",
        "status",
        "starts_at",
        "city",
        "host_government",
        "capacity",
        "seats_left_display",
    )
    list_filter = ("kind", "status", "host_government", "themes", "starts_at")
    list_select_related = ("host_government",)
    search_fields = ("title", "slug", "venue", "city", "description")
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("host_government",)
    filter_horizontal = ("themes",)
    readonly_fields = ("sequence", "created_at", "updated_at")
    inlines = (SessionInline, RegistrationInline)
    actions = ("publish", "cancel")
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "status", "host_government", "themes")}),
        (_("When"), {"fields": ("starts_at", "ends_at", "time_zone")}),
        (_("Where"), {"fields": ("venue", "city", "country", "join_url")}),
        (
            _("Registration"),
            {"fields": ("capacity", "registration_opens_at", "registration_closes_at")},
        ),
        (_("About"), {"fields": ("description",)}),
        (_("Record"), {"fields": ("sequence", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_seats_taken()

    @admin.display(description=_("seats left"), ordering="seats_taken")
    def seats_left_display(self, event):
        return "∞" if event.seats_left is None else event.seats_left

    def save_model(self, request, obj, form, change):
        services.save_event(event=obj, changed_fields=form.changed_data if change else ())

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if change and formset.model is Session and formset.has_changed():
            services.record_agenda_change(event=form.instance)

    @admin.action(description=_("Publish the selected events"), permissions=["change"])
    def publish(self, request, queryset):
        for event in queryset:
            services.publish_event(event=event)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d event published.", "%d events published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Cancel the selected events"), permissions=["change"])
    def cancel(self, request, queryset):
        for event in queryset:
            services.cancel_event(event=event)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d event cancelled.", "%d events cancelled.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Session)
class SessionAdmin(RefuseMalformedInputMixin, admin.ModelAdmin):
    list_display = ("title", "event", "kind", "starts_at", "host_organisation")
    list_filter = ("kind", "themes", "event__kind")
    list_select_related = ("event", "host_organisation")
    search_fields = ("title", "event__title", "location")
    autocomplete_fields = ("event", "speakers", "host_organisation", "themes")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.record_agenda_change(event=obj.event)


@admin.register(Registration)
class RegistrationAdmin(RefuseMalformedInputMixin, SimpleHistoryAdmin):
    """Registrations are made by participants; staff record attendance and cancellations."""

    list_display = ("person", "event", "status", "waitlist_order", "created_at")
    list_filter = ("status", "event__kind", "event")
    list_select_related = ("person", "event")
    search_fields = ("person__name", "person__email", "event__title")
    readonly_fields = ("event", "person", "status", "waitlist_order", "created_at", "cancelled_at")
    actions = ("mark_attended", "mark_absent", "cancel_registrations")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, attended=True)

    @admin.action(description=_("Mark as absent"), permissions=["change"])
    def mark_absent(self, request, queryset):
        self._mark(request, queryset, attended=False)

    def _mark(self, request, queryset, *, attended):
        marked, left = services.mark_attendance(registrations=queryset, attended=attended)
        self.message_user(request, _("%(marked)d marked.") % {"marked": marked}, messages.SUCCESS)
        if left:
            self.message_user(
                request,
                _(
                    "%(left)d left as they were: waitlisted or cancelled, "
                    "or their event has not started."
                )
                % {"left": left},
                messages.WARNING,
            )

    @admin.action(description=_("Cancel the selected registrations"), permissions=["change"])
    def cancel_registrations(self, request, queryset):
        promoted = 0
        for registration in queryset.select_related("event"):
            try:
                promoted += len(services.cancel_registration(registration=registration))
            except services.RegistrationRefused as refusal:
                self.message_user(request, f"{registration}: {refusal.message}", messages.ERROR)
        self.message_user(
            request,
            _("Cancelled; %(promoted)d promoted from the waitlist.") % {"promoted": promoted},
            messages.SUCCESS,
        )


@admin.register(Message)
class MessageAdmin(RefuseMalformedInputMixin, admin.ModelAdmin):
    """The log of e-mail to participants: what was sent to whom and when, and what failed.
    Messages are written by the services and sent by them and by ``send_reminders``."""

    list_display = ("created_at", "kind", "recipient", "event", "status", "sent_at", "attempts")
    list_filter = ("status", "kind", "created_at")
    list_select_related = ("event",)
    search_fields = ("recipient", "person__name", "event__title")
    date_hierarchy = "created_at"
    readonly_fields = (
        "kind",
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
