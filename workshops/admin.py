from zoneinfo import ZoneInfo

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from itp.common.admin import HTTPS_URL_FIELDS, RefuseMalformedInputMixin
from itp.common.admin_paging import LargeTableAdminMixin
from itp.common.exporting.admin import ExportSelectedMixin
from itp.common.importing.admin import StaffImportMixin

from . import services
from .exports import RegistrationsExport
from .forms import (
    EventAdminForm,
    SessionAdminForm,
    SessionInlineFormSet,
    StaffRegistrationForm,
    known_zone,
)
from .models import Event, Message, Registration, Session
from .resources import RegistrationResource


class SessionInline(admin.StackedInline):
    model = Session
    form = SessionAdminForm
    formset = SessionInlineFormSet
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

    def get_queryset(self, request):
        # The agenda's speakers and themes in two queries, whatever the number of sessions.
        return (
            super()
            .get_queryset(request)
            .select_related("event", "host_organisation")
            .prefetch_related("speakers", "themes")
        )


def on_venue_clocks(moment, zone_name):
    """An instant as the venue's clocks show it, with the zone's name."""
    local = moment.astimezone(ZoneInfo(zone_name))
    return f"{formats.date_format(local, 'SHORT_DATETIME_FORMAT')} ({zone_name})"


class VenueTimesAdminMixin:
    """Renders a change page in the venue's zone, so that the times shown read-only (all of
    them, to coordinators) are on the venue's clocks as the form's own fields are."""

    def venue_zone(self, obj):
        raise NotImplementedError

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        zone_name = known_zone(self.venue_zone(obj)) if obj is not None else ""
        if not zone_name:
            return response
        # Read-only fields are shown in the current zone when the page is rendered.
        with timezone.override(ZoneInfo(zone_name)):
            return response.render()


@admin.register(Event)
class EventAdmin(VenueTimesAdminMixin, RefuseMalformedInputMixin, SimpleHistoryAdmin):
    form = EventAdminForm
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = (
        "title",
        "kind",
        "status",
        "starts_at_in_venue_zone",
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
    readonly_fields = ("registrations", "sequence", "created_at", "updated_at")
    # Registrations change only through the services (capacity, waitlist), and an event can
    # have thousands: the page counts them and links to their change list, filtered.
    inlines = (SessionInline,)
    actions = ("publish", "cancel")
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "status", "host_government", "themes")}),
        (_("When"), {"fields": ("time_zone", "starts_at", "ends_at")}),
        (_("Where"), {"fields": ("venue", "city", "country", "join_url")}),
        (
            _("Registration"),
            {
                "fields": (
                    "capacity",
                    "registration_opens_at",
                    "registration_closes_at",
                    "registrations",
                )
            },
        ),
        (_("About"), {"fields": ("description",)}),
        (_("Record"), {"fields": ("sequence", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_seats_taken()

    def get_fieldsets(self, request, obj=None):
        if obj is None or not obj.time_zone:
            says = _(
                "Choose the venue's time zone first: the times on this page, the sessions' "
                "too, are read on the clocks at the venue, in that zone."
            )
        else:
            says = _("Times on this page are on the clocks at the venue, in %(zone)s.") % {
                "zone": obj.time_zone
            }
        return [
            (name, {**options, "description": says})
            if "starts_at" in options["fields"]
            else (name, options)
            for name, options in super().get_fieldsets(request, obj)
        ]

    def venue_zone(self, event):
        return event.time_zone

    @admin.display(description=_("starts (venue's time)"), ordering="starts_at")
    def starts_at_in_venue_zone(self, event):
        return on_venue_clocks(event.starts_at, event.time_zone)

    @admin.display(description=_("seats left"), ordering="seats_taken")
    def seats_left_display(self, event):
        return "∞" if event.seats_left is None else event.seats_left

    @admin.display(description=_("registrations"))
    def registrations(self, event):
        if event.pk is None:
            return _("none yet")
        by_status = dict(
            event.registrations.order_by()
            .values_list("status")
            .annotate(count=Count("pk"))
            .values_list("status", "count")
        )
        counts = ", ".join(
            f"{by_status.get(status, 0)} {label}" for status, label in Registration.Status.choices
        )
        changelist = reverse(
            "admin:workshops_registration_changelist", current_app=self.admin_site.name
        )
        return format_html(
            '{} – <a href="{}?event__id__exact={}">{}</a>',
            counts,
            changelist,
            event.pk,
            _("see the registrations"),
        )

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
class SessionAdmin(
    LargeTableAdminMixin, VenueTimesAdminMixin, RefuseMalformedInputMixin, admin.ModelAdmin
):
    form = SessionAdminForm
    list_display = ("title", "event", "kind", "starts_at_in_venue_zone", "host_organisation")
    list_filter = ("kind", "themes", "event__kind")
    list_select_related = ("event", "host_organisation")
    search_fields = ("title", "event__title", "location")
    autocomplete_fields = ("event", "speakers", "host_organisation", "themes")
    fields = ("event", *SessionInline.fields)

    def venue_zone(self, session):
        return session.event.time_zone if session.event_id else ""

    @admin.display(description=_("starts (venue's time)"), ordering="starts_at")
    def starts_at_in_venue_zone(self, session):
        return on_venue_clocks(session.starts_at, session.event.time_zone)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.record_agenda_change(event=obj.event)


@admin.register(Registration)
class RegistrationAdmin(
    LargeTableAdminMixin,
    StaffImportMixin,
    ExportSelectedMixin,
    RefuseMalformedInputMixin,
    SimpleHistoryAdmin,
):
    """Registrations change only through the services. Staff register one person (the add
    form is saved by ``register_for_event``, so the capacity, the waitlist and the e-mail hold
    as when people register themselves), record attendance, and cancel after confirming."""

    list_display = ("person", "event", "status", "waitlist_order", "created_at")
    list_filter = ("status", "event__kind", "event")
    list_select_related = ("person", "event")
    search_fields = ("person__name", "person__email", "event__title")
    autocomplete_fields = ("person", "event")
    readonly_fields = ("event", "person", "status", "waitlist_order", "created_at", "cancelled_at")
    actions = ("mark_attended", "mark_absent", "cancel_registrations", "export_csv", "export_xlsx")
    export_class = RegistrationsExport
    resource_classes = [RegistrationResource]
    import_help = _(
        "Each row registers a person (E-mail, their address) for an event (Event, its slug), "
        "as if they registered themselves: the capacity holds, the overflow joins the waitlist "
        "in the order of the file, and each person gets the usual e-mail. A person already "
        "registered or waitlisted is left unchanged; a cancelled registration is taken up "
        "again. The preview's Status column shows the outcome of each row."
    )
    cancel_confirmation_template = "admin/workshops/registration/cancel_selected_confirmation.html"

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # The add form's fields are the service's arguments; once made, a registration
        # changes only through the actions.
        return () if obj is None else self.readonly_fields

    def add_view(self, request, form_url="", extra_context=None):
        """Register one person: the form is saved by ``register_for_event``, not by Django.
        A refusal (the event is closed, cancelled or over) shows on the form; the outcome
        (registered, or waitlisted at a place) in a message."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = StaffRegistrationForm(request.POST)
        else:
            form = StaffRegistrationForm(initial=self.get_changeform_initial_data(request))
        for name in ("person", "event"):
            # The admin's own widgets: autocomplete, with links to add or change the record.
            form.fields[name].widget = self.formfield_for_dbfield(
                self.opts.get_field(name), request
            ).widget
        if form.is_bound and form.is_valid():
            registration = self._register(request, form)
            if registration is not None:
                return self._response_registered(request, registration)
        admin_form = helpers.AdminForm(
            form, [(None, {"fields": list(form.fields)})], {}, model_admin=self
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Register a person"),
            "subtitle": None,
            "adminform": admin_form,
            "object_id": None,
            "original": None,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return self.render_change_form(request, context, add=True, form_url=form_url)

    def _register(self, request, form):
        person, event = form.cleaned_data["person"], form.cleaned_data["event"]
        even_if_closed = form.cleaned_data["even_if_closed"]
        try:
            registration = services.register_for_event(
                event=event, person=person, even_if_closed=even_if_closed
            )
        except services.RegistrationRefused as refusal:
            form.add_error(None, refusal.message)
            outside_window_only = (
                event.registration_refusal(timezone.now(), even_if_closed=True) is None
            )
            if outside_window_only and not even_if_closed:
                form.add_error(
                    "even_if_closed",
                    _("Tick this to register the person all the same, as a late addition."),
                )
            return None
        if even_if_closed:
            self.log_addition(
                request, registration, str(_("Added though registration was closed."))
            )
        else:
            self.log_addition(request, registration, [{"added": {}}])
        return registration

    def _response_registered(self, request, registration):
        names = {"person": registration.person, "event": registration.event}
        if registration.status == Registration.Status.WAITLISTED:
            place = Registration.objects.with_waitlist_place().get(pk=registration.pk)
            self.message_user(
                request,
                _(
                    "%(event)s is full: %(person)s is on its waitlist, at place %(place)d; "
                    "they are told by e-mail."
                )
                % {**names, "place": place.waitlist_place},
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                _("%(person)s is registered for %(event)s; they are told by e-mail.") % names,
                messages.SUCCESS,
            )
        if "_addanother" in request.POST:
            add_url = reverse("admin:workshops_registration_add", current_app=self.admin_site.name)
            return HttpResponseRedirect(f"{add_url}?event={registration.event_id}")
        if "_continue" in request.POST:
            return HttpResponseRedirect(
                reverse(
                    "admin:workshops_registration_change",
                    args=[registration.pk],
                    current_app=self.admin_site.name,
                )
            )
        changelist = reverse(
            "admin:workshops_registration_changelist", current_app=self.admin_site.name
        )
        return HttpResponseRedirect(f"{changelist}?event__id__exact={registration.event_id}")

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
        """First a page that lists the selection and asks to confirm, as Django's
        delete_selected does; once confirmed, each is cancelled by ``cancel_registration``
        (which e-mails the person and anyone promoted into a freed seat)."""
        if request.POST.get("post"):
            self._cancel(request, queryset)
            return None
        now = timezone.now()
        to_cancel, left = [], []
        for registration in queryset.with_waitlist_place().select_related("person", "event"):
            if registration.status == Registration.Status.CANCELLED:
                left.append((registration, _("Cancelled already.")))
            elif refusal := registration.cancellation_refusal(now):
                left.append((registration, refusal))
            else:
                to_cancel.append(registration)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cancel registrations"),
            "subtitle": None,
            "opts": self.opts,
            "to_cancel": to_cancel,
            "left": left,
            "selected": [registration.pk for registration in to_cancel]
            + [registration.pk for registration, _reason in left],
            "seats_freed": sum(registration.holds_seat for registration in to_cancel),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.cancel_confirmation_template, context)

    def _cancel(self, request, queryset):
        cancelled = promoted = 0
        for registration in queryset.select_related("person", "event"):
            if registration.status == Registration.Status.CANCELLED:
                continue
            try:
                promoted += len(services.cancel_registration(registration=registration))
            except services.RegistrationRefused as refusal:
                self.message_user(request, f"{registration}: {refusal.message}", messages.ERROR)
            else:
                cancelled += 1
                self.log_change(request, registration, str(_("Cancelled.")))
        self.message_user(
            request,
            ngettext(
                "%(cancelled)d registration cancelled; %(promoted)d promoted from the waitlist.",
                "%(cancelled)d registrations cancelled; %(promoted)d promoted from the waitlist.",
                cancelled,
            )
            % {"cancelled": cancelled, "promoted": promoted},
            messages.SUCCESS,
        )


@admin.register(Message)
class MessageAdmin(LargeTableAdminMixin, RefuseMalformedInputMixin, admin.ModelAdmin):
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
