from django.contrib import admin, messages
from django.forms import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from itp.common.admin import (
    HTTPS_URL_FIELDS,
    LanguageNamedLabelsMixin,
    ListFilterMediaMixin,
    LoadedChoicesInlineMixin,
    RefuseMalformedInputMixin,
    RelatedAutocompleteFilter,
)
from itp.common.content_languages import in_every_language

from . import services
from .models import Deliverable, InnovationTeam, Membership, Secondment


class StatusFromDatesFilter(admin.SimpleListFilter):
    """A team's status is derived from its dates, so it is filtered through them."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return InnovationTeam.Status.choices

    def queryset(self, request, queryset):
        if self.value() in InnovationTeam.Status.values:
            return queryset.with_status(self.value())
        return queryset


class MembershipFormSet(BaseInlineFormSet):
    """Each row's ``Membership.clean`` checks it against the stored memberships; this checks
    the new and changed rows against each other, so that one submission cannot put a person
    in the team twice at the same time, which ``services.add_membership`` refuses too."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk is not None
            if not self._should_delete_form(form) and form.is_valid()
        ]
        for later_index, later in enumerate(kept):
            for earlier in kept[:later_index]:
                same_person = earlier.instance.person_id == later.instance.person_id
                if same_person and earlier.instance.meets(later.instance):
                    later.add_error("started_on", Membership.OVERLAP_REFUSAL)
                    break


class MembershipInline(LoadedChoicesInlineMixin, admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ("person",)
    fields = ("person", "role", "started_on", "ended_on")

    def get_queryset(self, request):
        # The members in the rows' query: their boxes show them from there, and each row's
        # title names its person and team.
        return super().get_queryset(request).select_related("person", "team")


class DeliverableInline(admin.StackedInline):
    model = Deliverable
    extra = 0
    formfield_overrides = HTTPS_URL_FIELDS
    fields = (
        ("title", "kind", "visibility"),
        ("due_on", "status", "completed_on"),
        "summary",
        ("url", "file"),
    )


@admin.register(InnovationTeam)
class InnovationTeamAdmin(
    ListFilterMediaMixin,
    RefuseMalformedInputMixin,
    LanguageNamedLabelsMixin,
    TranslationAdmin,
    SimpleHistoryAdmin,
):
    list_display = ("name", "theme", "lead_government", "starts_on", "ends_on", "status_display")
    list_filter = (
        StatusFromDatesFilter,
        "theme",
        ("lead_government", RelatedAutocompleteFilter),
        ("member_governments", RelatedAutocompleteFilter),
    )
    list_select_related = ("theme", "lead_government")
    search_fields = (*in_every_language("name", "challenge", "summary"), "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("theme", "lead_government", "member_governments")
    inlines = (MembershipInline, DeliverableInline)
    fields = (
        ("name", "slug"),
        "challenge",
        "theme",
        "lead_government",
        "member_governments",
        ("starts_on", "ends_on"),
        "summary",
    )

    @admin.display(description=_("status"))
    def status_display(self, team):
        return team.get_status_display()


@admin.register(Membership)
class MembershipAdmin(ListFilterMediaMixin, RefuseMalformedInputMixin, admin.ModelAdmin):
    list_display = ("person", "team", "role", "started_on", "ended_on")
    list_filter = (
        "role",
        ("team", RelatedAutocompleteFilter),
        ("person__government", RelatedAutocompleteFilter),
    )
    list_select_related = ("person", "team")
    search_fields = ("person__name", "person__email", "team__name")
    autocomplete_fields = ("team", "person")
    actions = ("end_today",)

    @admin.action(description=_("End the selected memberships today"), permissions=["change"])
    def end_today(self, request, queryset):
        ended = 0
        for membership in queryset:
            try:
                services.end_membership(membership=membership)
                ended += 1
            except services.TeamChangeRefused as refusal:
                self.message_user(request, f"{membership}: {refusal.message}", messages.WARNING)
        self.message_user(
            request,
            ngettext("%d membership ended.", "%d memberships ended.", ended) % ended,
            messages.SUCCESS,
        )


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


@admin.register(Deliverable)
class DeliverableAdmin(ListFilterMediaMixin, RefuseMalformedInputMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ("title", "team", "kind", "due_on", "status", "visibility", "overdue_display")
    list_filter = (
        "status",
        "kind",
        "visibility",
        OverdueFilter,
        ("team", RelatedAutocompleteFilter),
    )
    list_select_related = ("team",)
    search_fields = ("title", "summary", "team__name")
    autocomplete_fields = ("team",)
    date_hierarchy = "due_on"
    actions = ("mark_in_progress", "mark_done")

    @admin.display(description=_("overdue"), boolean=True)
    def overdue_display(self, deliverable):
        return deliverable.is_overdue

    @admin.action(description=_("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._record(request, queryset, Deliverable.Status.IN_PROGRESS)

    @admin.action(description=_("Mark as done today"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._record(request, queryset, Deliverable.Status.DONE)

    def _record(self, request, queryset, status):
        for deliverable in queryset:
            services.record_deliverable_progress(deliverable=deliverable, status=status)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d deliverable updated.", "%d deliverables updated.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Secondment)
class SecondmentAdmin(ListFilterMediaMixin, RefuseMalformedInputMixin, SimpleHistoryAdmin):
    """The status changes only through the lifecycle actions, which check each step."""

    list_display = (
        "person",
        "home_government",
        "host",
        "starts_on",
        "ends_on",
        "duration_days",
        "status",
        "theme",
    )
    list_filter = (
        "status",
        "theme",
        ("home_government", RelatedAutocompleteFilter),
        ("host_government", RelatedAutocompleteFilter),
        ("host_organisation", RelatedAutocompleteFilter),
    )
    list_select_related = (
        "person",
        "home_government",
        "host_government",
        "host_organisation",
        "theme",
    )
    search_fields = ("person__name", "person__email", "purpose")
    autocomplete_fields = (
        "person",
        "home_government",
        "host_government",
        "host_organisation",
        "theme",
        "team",
    )
    date_hierarchy = "starts_on"
    readonly_fields = ("status", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("person", "home_government", "status")}),
        (
            _("Host: a government or an organisation"),
            {"fields": ("host_government", "host_organisation")},
        ),
        (None, {"fields": (("starts_on", "ends_on"), "purpose", "theme", "team")}),
        (_("Outcome"), {"fields": ("outcome_report",)}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    actions = ("approve", "start", "complete", "cancel")

    @admin.display(description=_("host"))
    def host(self, secondment):
        return secondment.host

    @admin.display(description=_("days"))
    def duration_days(self, secondment):
        return secondment.duration_days

    @admin.action(description=_("Approve the selected secondments"), permissions=["change"])
    def approve(self, request, queryset):
        self._step(request, queryset, services.approve_secondment)

    @admin.action(description=_("Mark the selected secondments under way"), permissions=["change"])
    def start(self, request, queryset):
        self._step(request, queryset, services.start_secondment)

    @admin.action(description=_("Complete the selected secondments"), permissions=["change"])
    def complete(self, request, queryset):
        self._step(request, queryset, services.complete_secondment)

    @admin.action(description=_("Cancel the selected secondments"), permissions=["change"])
    def cancel(self, request, queryset):
        self._step(request, queryset, services.cancel_secondment)

    def _step(self, request, queryset, step):
        done = 0
        for secondment in queryset.select_related("person", "host_government", "host_organisation"):
            try:
                step(secondment=secondment)
                done += 1
            except services.SecondmentStepRefused as refusal:
                self.message_user(request, f"{secondment}: {refusal.message}", messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("%d secondment changed.", "%d secondments changed.", done) % done,
                messages.SUCCESS,
            )
