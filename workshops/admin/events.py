"""The admin of events and their agenda sessions, on the venue's clocks."""

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from itp.common.admin import (
    HTTPS_URL_FIELDS,
    LanguageNamedLabelsMixin,
    ListFilterMediaMixin,
    LoadedChoicesInlineMixin,
    RefuseMalformedInputMixin,
    RelatedAutocompleteFilter,
)
from itp.common.admin_paging import LargeTableAdminMixin
from itp.common.content_languages import in_every_language
from itp.common.uploads import ServedFileInput
from itp.models import Material

from .. import services
from ..forms import (
    EventAdminForm,
    QuestionInlineFormSet,
    SessionAdminForm,
    SessionInlineFormSet,
    known_zone,
)
from ..models import Event, EventReminder, Question, Registration, Session
from .mailings import EventMailingAdminMixin


class SessionInline(LoadedChoicesInlineMixin, LanguageNamedLabelsMixin, TranslationStackedInline):
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
        # The agenda's speakers and themes in two queries, whatever the number of sessions;
        # their boxes show them from there.
        return (
            super()
            .get_queryset(request)
            .select_related("event", "host_organisation")
            .prefetch_related("speakers", "themes")
        )


class QuestionInline(admin.StackedInline):
    """The questions the event asks of everyone who registers. Once people have answered, a
    question keeps its kind and every choice someone chose (``Question.clean``); one that
    has answers cannot be deleted."""

    model = Question
    formset = QuestionInlineFormSet
    extra = 0
    fields = (("label", "kind"), "help_text", "choices", ("required", "position"))
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}


class MaterialInline(LoadedChoicesInlineMixin, LanguageNamedLabelsMixin, TranslationStackedInline):
    """Slides, documents, minutes and recordings of an event or a session. Uploads are checked
    by ``Material.clean()``; a file's "currently" link is its download view, which checks who
    asks, never the media folder."""

    model = Material
    extra = 0
    formfield_overrides = {**HTTPS_URL_FIELDS, models.FileField: {"widget": ServedFileInput}}
    autocomplete_fields = ("team",)
    fields = (("title", "kind"), "file", "link", ("visibility", "team"), "position")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team")


class EventReminderInline(admin.TabularInline):
    """When the people holding a seat are reminded of the event; none for the defaults (a
    week and a day ahead, and a quarter of an hour for a webinar)."""

    model = EventReminder
    extra = 0
    max_num = 10
    fields = ("minutes_before",)
    verbose_name_plural = _(
        "reminders (none: a week and a day before, and 15 minutes before a webinar)"
    )


class EventMaterialInline(MaterialInline):
    fk_name = "event"


class SessionMaterialInline(MaterialInline):
    fk_name = "session"


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
class EventAdmin(
    EventMailingAdminMixin,
    VenueTimesAdminMixin,
    ListFilterMediaMixin,
    RefuseMalformedInputMixin,
    LanguageNamedLabelsMixin,
    TranslationAdmin,
    SimpleHistoryAdmin,
):
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
    list_filter = (
        "kind",
        "status",
        "attendance_mode",
        "requires_approval",
        ("host_government", RelatedAutocompleteFilter),
        "themes",
        "starts_at",
    )
    list_select_related = ("host_government",)
    search_fields = (*in_every_language("title", "description"), "slug", "venue", "city")
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("host_government",)
    filter_horizontal = ("themes",)
    readonly_fields = ("agenda", "registrations", "sequence", "created_at", "updated_at")
    # Registrations change only through the services (capacity, waitlist), and an event can
    # have thousands: the page counts them and links to their change list, filtered.
    inlines = (SessionInline, EventReminderInline, EventMaterialInline, QuestionInline)
    # Past this many sessions the agenda is edited a session at a time, from the sessions'
    # list: the forms of 45 sessions took the page past a second.
    inline_sessions_at_most = 20
    actions = ("publish", "cancel")
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "status", "host_government", "themes")}),
        (_("When"), {"fields": ("time_zone", "starts_at", "ends_at")}),
        (_("Where"), {"fields": ("venue", "city", "country", "join_url")}),
        (
            _("Registration"),
            {
                "fields": (
                    "attendance_mode",
                    ("capacity", "online_capacity"),
                    "requires_approval",
                    ("seats_per_government", "quota_released_at"),
                    "registration_opens_at",
                    "registration_closes_at",
                    "registrations",
                )
            },
        ),
        (_("About"), {"fields": ("description",)}),
        (_("Agenda"), {"fields": ("agenda",)}),
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

    def get_inlines(self, request, obj):
        if obj is None:
            # Materials are added to an event once it is saved.
            return tuple(
                inline
                for inline in super().get_inlines(request, obj)
                if inline is not EventMaterialInline
            )
        if self._session_count(obj) > self.inline_sessions_at_most:
            return (EventReminderInline, EventMaterialInline, QuestionInline)
        return super().get_inlines(request, obj)

    def _session_count(self, event):
        # Asked by the inlines and the agenda's summary: counted once per page.
        if not hasattr(event, "_session_count"):
            event._session_count = event.sessions.count()
        return event._session_count

    def venue_zone(self, event):
        return event.time_zone

    @admin.display(description=_("starts (venue's time)"), ordering="starts_at")
    def starts_at_in_venue_zone(self, event):
        return on_venue_clocks(event.starts_at, event.time_zone)

    @admin.display(description=_("seats left"), ordering="seats_taken")
    def seats_left_display(self, event):
        return " / ".join(
            f"{label}: {'∞' if left is None else left}"
            if event.is_hybrid
            else ("∞" if left is None else str(left))
            for _mode, label, left in event.seats_left_by_mode
        )

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

    @admin.display(description=_("sessions"))
    def agenda(self, event):
        if event.pk is None:
            return _("none yet")
        count = self._session_count(event)
        sessions = reverse("admin:workshops_session_changelist", current_app=self.admin_site.name)
        add = reverse("admin:workshops_session_add", current_app=self.admin_site.name)
        if count > self.inline_sessions_at_most:
            says = _("%(count)d sessions, too many to edit on this page") % {"count": count}
        else:
            says = ngettext(
                "%(count)d session, edited below", "%(count)d sessions, edited below", count
            ) % {"count": count}
        return format_html(
            '{} – <a href="{}?event__id__exact={}">{}</a> – <a href="{}?event={}">{}</a>',
            says,
            sessions,
            event.pk,
            _("see them one by one"),
            add,
            event.pk,
            _("add a session"),
        )

    def save_model(self, request, obj, form, change):
        services.save_event(event=obj, changed_fields=form.changed_data if change else ())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The themes are saved after the event: the followers of those just chosen are told
        # of an event published by this form too.
        if not change or "status" in form.changed_data:
            services.announce_new_event(event=form.instance)

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
    LargeTableAdminMixin,
    VenueTimesAdminMixin,
    ListFilterMediaMixin,
    RefuseMalformedInputMixin,
    LanguageNamedLabelsMixin,
    TranslationAdmin,
):
    form = SessionAdminForm
    list_display = ("title", "event", "kind", "starts_at_in_venue_zone", "host_organisation")
    list_filter = ("kind", "themes", "event__kind", ("event", RelatedAutocompleteFilter))
    list_select_related = ("event", "host_organisation")
    search_fields = (*in_every_language("title"), "event__title_en", "location")
    autocomplete_fields = ("event", "speakers", "host_organisation", "themes")
    fields = ("event", *SessionInline.fields)
    inlines = (SessionMaterialInline,)

    def get_inlines(self, request, obj):
        # Materials are added to a session once it is saved.
        return super().get_inlines(request, obj) if obj is not None else ()

    def venue_zone(self, session):
        return session.event.time_zone if session.event_id else ""

    @admin.display(description=_("starts (venue's time)"), ordering="starts_at")
    def starts_at_in_venue_zone(self, session):
        return on_venue_clocks(session.starts_at, session.event.time_zone)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.record_agenda_change(event=obj.event)
