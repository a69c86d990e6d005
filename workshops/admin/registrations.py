"""The admin of registrations: adding, cancelling, marking attendance, importing and exporting."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from itp.common.admin import (
    ListFilterMediaMixin,
    RefuseMalformedInputMixin,
    RelatedAutocompleteFilter,
)
from itp.common.admin_paging import LargeTableAdminMixin
from itp.common.exporting.admin import ExportSelectedMixin
from itp.common.importing.admin import StaffImportMixin

from .. import services
from ..exports import RegistrationsExport
from ..forms import (
    StaffRegistrationForm,
)
from ..models import Answer, Registration
from ..resources import RegistrationResource


class AnswerInline(admin.TabularInline):
    """The person's answers to the event's questions, as they gave them: read only."""

    model = Answer
    extra = 0
    fields = ("question", "answer", "updated_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).for_reading()

    @admin.display(description=_("answer"))
    def answer(self, answer):
        return answer.display_value


@admin.register(Registration)
class RegistrationAdmin(
    LargeTableAdminMixin,
    ListFilterMediaMixin,
    StaffImportMixin,
    ExportSelectedMixin,
    RefuseMalformedInputMixin,
    SimpleHistoryAdmin,
):
    """Registrations change only through the services. Staff register one person (the add
    form is saved by ``register_for_event``, so the capacity, the waitlist and the e-mail hold
    as when people register themselves), record attendance, and cancel after confirming."""

    list_display = ("person", "event", "mode", "status", "waitlist_order", "created_at")
    list_filter = ("status", "mode", "event__kind", ("event", RelatedAutocompleteFilter))
    list_select_related = ("person", "event")
    # Newest first, read from the primary key's index: the model's order (by the event's
    # date) sorted all 100,000 rows, joined to their events, for every page (250 ms).
    ordering = ("-pk",)
    search_fields = ("person__name", "person__email", "event__title")
    autocomplete_fields = ("person", "event")
    readonly_fields = (
        "event",
        "person",
        "mode",
        "status",
        "waitlist_order",
        "created_at",
        "cancelled_at",
    )
    actions = (
        "approve_requests",
        "decline_requests",
        "mark_attended",
        "mark_absent",
        "cancel_registrations",
        "export_csv",
        "export_xlsx",
    )
    export_class = RegistrationsExport
    resource_classes = [RegistrationResource]
    import_help = _(
        "Each row registers a person (E-mail, their address) for an event (Event, its slug), "
        "as if they registered themselves: the capacity holds, the overflow joins the waitlist "
        "in the order of the file, and each person gets the usual e-mail. A person already "
        "registered or waitlisted is left unchanged; a cancelled registration is taken up "
        "again. The preview's Status column shows the outcome of each row."
    )
    inlines = (AnswerInline,)
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
                event=event,
                person=person,
                mode=form.cleaned_data.get("mode"),
                even_if_closed=even_if_closed,
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

    @admin.action(description=_("Approve the selected requests"), permissions=["change"])
    def approve_requests(self, request, queryset):
        """Approve each pending request through ``approve_registration``: a seat if one is
        free (and the quota allows), else a place on the waitlist; the person is e-mailed."""
        self._decide(request, queryset, services.approve_registration, _("Approved."))

    @admin.action(description=_("Decline the selected requests"), permissions=["change"])
    def decline_requests(self, request, queryset):
        """Decline each pending request through ``decline_registration``; e-mails each."""
        self._decide(request, queryset, services.decline_registration, _("Declined."))

    def _decide(self, request, queryset, decide, log_message):
        outcomes = {}
        skipped = 0
        for registration in queryset.select_related("person", "event"):
            if registration.status != Registration.Status.PENDING:
                skipped += 1
                continue
            try:
                decided = decide(registration=registration)
            except services.RegistrationRefused as refusal:
                self.message_user(request, f"{registration}: {refusal.message}", messages.ERROR)
                continue
            self.log_change(request, decided, str(log_message))
            label = decided.get_status_display()
            outcomes[label] = outcomes.get(label, 0) + 1
        for label, count in outcomes.items():
            self.message_user(
                request,
                _("%(count)d now %(status)s; each is told by e-mail.")
                % {"count": count, "status": str(label).lower()},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("%(skipped)d left as they were: not awaiting approval.") % {"skipped": skipped},
                messages.WARNING,
            )

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
