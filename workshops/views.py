import hashlib

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.formats import date_format
from django.utils.http import http_date, quote_etag, url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from django_filters.views import FilterView

from itp.common.caching import remember
from itp.common.downloads import accepts_gzip, compress, download
from itp.common.text import excerpt
from itp.models import Material
from regions.models import Person
from regions.selectors import person_of

from . import selectors
from .calendars import build_calendar
from .filters import EventFilter
from .forms import RegistrationQuestionsForm, TimeZoneForm
from .models import Answer, Event, Mode, Registration
from .services import (
    RegistrationRefused,
    cancel_registration,
    register_for_event,
    update_answers,
)


class EventListView(FilterView):
    """The published schedule, filtered by kind, theme, host government and time."""

    filterset_class = EventFilter
    template_name = "workshops/event_list.html"
    context_object_name = "events"
    paginate_by = 20
    strict = False

    def get_queryset(self):
        return selectors.schedule_events()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each event of the page carries the viewer's registration for it (or None), found
        # in one query for the whole page.
        events = context["events"]
        registrations = selectors.registrations_by_event(person_of(self.request.user), events)
        for event in events:
            event.viewer_registration = registrations.get(event.pk)
        return context


class EventDetailView(DetailView):
    """An event with its agenda by day, in the venue's time and the viewer's."""

    template_name = "workshops/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return selectors.events_for_page(include_drafts=self.request.user.is_staff)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        person = person_of(self.request.user)
        registration = None
        if person is not None:
            registration = (
                Registration.objects.with_waitlist_place()
                .filter(event=event, person=person)
                .first()
            )
        viewer_zone = self._viewer_zone(event, person)
        context.update(
            person=person,
            registration=registration,
            viewer_zone=viewer_zone,
            # Days and rows in the viewer's zone; each session also gives the venue's time.
            agenda=selectors.agenda_by_day(event, viewer_zone),
            registration_refusal=event.registration_refusal(timezone.now()),
            show_join_url=bool(event.join_url and registration and registration.gets_join_url),
            materials=Material.objects.visible_to(self.request.user).of_event(event),
            government_seats=selectors.government_seats_left(event),
            mode_choices=[(mode, Mode(mode).label) for mode in event.modes],
        )
        if event.kind == Event.Kind.WEBINAR:
            context["government_times"] = selectors.start_times_by_government(event)
        if "questions_form" not in context:
            context["questions_form"] = self._questions_form(event, registration)
        zones = {event.time_zone, "UTC"}
        zones.update(row.government.time_zone for row in context.get("government_times", ()))
        context["time_zone_suggestions"] = sorted(zones)
        return context

    def _questions_form(self, event, registration):
        """The event's questions for a signed-in viewer: blank to register with, or their
        answers to change while they hold a place; None when there are none to show."""
        if not self.request.user.is_authenticated:
            return None
        questions = list(event.questions.all())
        if not questions:
            return None
        holds_place = registration is not None and registration.status in Registration.Status.active
        if not holds_place:
            return RegistrationQuestionsForm(questions=questions)
        if event.starts_at <= timezone.now():
            return None  # answers change only until the event starts
        answers = Answer.objects.filter(registration=registration)
        return RegistrationQuestionsForm(questions=questions, answers=answers)

    def _viewer_zone(self, event, person):
        """The zone the viewer sees times in besides the venue's: ?tz=, else their own."""
        if self.request.GET.get("tz", "").strip():
            form = TimeZoneForm(self.request.GET)
            if form.is_valid() and form.cleaned_data["tz"]:
                return form.cleaned_data["tz"]
            messages.warning(
                self.request,
                _("“%(zone)s” is not a time zone we know; times are shown in the venue's.")
                % {"zone": excerpt(self.request.GET["tz"])},
            )
            return event.time_zone
        if person is not None:
            return person.preferred_time_zone(default=event.time_zone)
        return event.time_zone


class RegisterView(LoginRequiredMixin, View):
    """POST: register the logged-in participant, or put them on the waitlist."""

    http_method_names = ["post"]

    def post(self, request, slug):
        event = get_object_or_404(Event.objects.public(), slug=slug)
        person = person_of(request.user)
        if person is None:
            messages.error(
                request,
                _("Your account is not linked to a participant yet; ask the programme staff."),
            )
            return redirect(event)
        form = RegistrationQuestionsForm(request.POST, questions=event.questions.all())
        if not form.is_valid():
            return event_page_again(request, event, form)
        # Bounded before it reaches the service, which refuses a mode the event lacks.
        mode = request.POST.get("mode", "")[:20]
        try:
            registration = register_for_event(
                event=event, person=person, mode=mode, answers=form.cleaned_answers()
            )
        except RegistrationRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(event)
        if registration.status == Registration.Status.PENDING:
            messages.info(
                request,
                _(
                    "Your request to register is received. The programme staff approve "
                    "registrations for this event; we will e-mail you their decision."
                ),
            )
        elif registration.status == Registration.Status.WAITLISTED:
            place = Registration.objects.with_waitlist_place().get(pk=registration.pk)
            if selectors.waitlisted_for_quota(registration):
                reason = _(
                    "Your government's seats under the quota are taken until %(released)s, "
                    "so you are number %(place)d on the waitlist."
                ) % {
                    "released": _quota_release(registration.event),
                    "place": place.waitlist_place,
                }
            else:
                reason = _("The event is full. You are number %(place)d on the waitlist.") % {
                    "place": place.waitlist_place
                }
            messages.info(request, reason)
        else:
            messages.success(request, _("You are registered for %(title)s.") % {"title": event})
        return redirect(event)


class UpdateAnswersView(LoginRequiredMixin, View):
    """POST: change the logged-in participant's answers to the event's questions, while they
    hold a place and the event has not started."""

    http_method_names = ["post"]

    def post(self, request, slug):
        event = get_object_or_404(Event.objects.public(), slug=slug)
        person = person_of(request.user)
        registration = (
            Registration.objects.filter(event=event, person=person).first()
            if person is not None
            else None
        )
        if registration is None or registration.status not in Registration.Status.active:
            messages.info(request, _("You hold no place at %(title)s.") % {"title": event})
            return redirect(event)
        form = RegistrationQuestionsForm(request.POST, questions=event.questions.all())
        if not form.is_valid():
            return event_page_again(request, event, form)
        try:
            update_answers(registration=registration, answers=form.cleaned_answers())
        except RegistrationRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(event)
        messages.success(request, _("Your answers are saved."))
        return redirect(event)


def event_page_again(request, event, questions_form):
    """The event's page with the questions form as it was sent, its errors on its fields,
    and nothing saved."""
    messages.error(request, _("Check your answers to the questions: nothing is saved yet."))
    page = EventDetailView(request=request, kwargs={"slug": event.slug})
    page.object = page.get_object()
    context = page.get_context_data(object=page.object, questions_form=questions_form)
    return render(request, page.template_name, context)


def _quota_release(event):
    """When an event's quota is released, as the page words it."""
    released = event.quota_released_at or event.starts_at
    return date_format(timezone.localtime(released), "DATETIME_FORMAT")


class CancelView(LoginRequiredMixin, View):
    """GET: ask the logged-in participant to confirm giving up their seat or waitlist place;
    POST: cancel it. The event page's button and /me/ lead to the question; the POST alone
    still cancels, for any form that asked already. ``next`` (an address on this site) is
    where to go back to, the event's page otherwise."""

    template_name = "workshops/registration_confirm_cancel.html"

    def get(self, request, slug):
        event = get_object_or_404(Event.objects.public(), slug=slug)
        person = person_of(request.user)
        registration = (
            Registration.objects.with_waitlist_place().filter(event=event, person=person).first()
            if person is not None
            else None
        )
        if registration is None or registration.status not in Registration.Status.active:
            messages.info(request, _("You hold no place at %(title)s.") % {"title": event})
            return redirect(event)
        registration.event = event  # the refusal reads it: no second query for it
        if refusal := registration.cancellation_refusal(timezone.now()):
            messages.error(request, refusal)
            return redirect(event)
        waitlist_waiting = (
            registration.status == Registration.Status.REGISTERED
            and event.registrations.filter(
                status=Registration.Status.WAITLISTED, mode=registration.mode
            ).exists()
        )
        context = {
            "event": event,
            "registration": registration,
            "waitlist_waiting": waitlist_waiting,
            "next": self._next(request.GET),
        }
        return render(request, self.template_name, context)

    def post(self, request, slug):
        event = get_object_or_404(Event.objects.public(), slug=slug)
        person = person_of(request.user)
        registration = get_object_or_404(Registration, event=event, person=person)
        try:
            cancel_registration(registration=registration)
        except RegistrationRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(event)
        messages.success(
            request, _("Your registration for %(title)s is cancelled.") % {"title": event}
        )
        return redirect(self._next(request.POST) or event)

    def _next(self, data):
        """The page to go back to, if it is on this site."""
        address = data.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            address, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return address if safe else ""


# Seconds the public feed is reused at most while no public event changes.
FEED_CACHE_SECONDS = 300


def calendar_response(request, version, build, *, filename, subscription=False, encoding=None):
    """An iCalendar response, conditional on ``version`` (a ``selectors.CalendarVersion``).

    The ETag and Last-Modified headers come from the version, so a client whose copy is
    current (If-None-Match or If-Modified-Since) is answered 304 Not Modified and the document
    is never built; otherwise ``build()`` makes it. The ETag also holds the site's address and
    the language, which the document's links and words depend on, and the ``encoding`` of
    what ``build()`` makes ("gzip" for compressed bytes), since the compressed document and
    the plain one are different bytes. A subscription is served inline: a calendar program
    handed a webcal:// address subscribes to it; a single event's file is a download.
    """
    tag = version.tag if encoding is None else f"{version.tag} {encoding}"
    etag = quote_etag(_fingerprint(request, tag))
    # Whole seconds, as HTTP dates have them and Django compares them.
    last_modified = int(version.last_modified.timestamp()) if version.last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = download(
            build(),
            filename=filename,
            format="ics",
            as_attachment=not subscription,
            encoding=encoding,
        )
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response


def _fingerprint(request, tag):
    state = f"{request.scheme}://{request.get_host()} {get_language()} {tag}"
    return hashlib.sha256(state.encode()).hexdigest()


class EventCalendarView(View):
    """One public event and its sessions as an iCalendar file to download."""

    def get(self, request, slug):
        event = get_object_or_404(selectors.events_for_calendar(), slug=slug)
        return calendar_response(
            request,
            selectors.event_calendar_version(event),
            lambda: build_calendar(
                [event], absolute_url=request.build_absolute_uri, name=event.title
            ),
            filename=f"{event.slug}.ics",
        )


class EventsFeedView(View):
    """The public schedule as one iCalendar feed to subscribe to: every public event that has
    not ended, and those that ended within the last year (``selectors.PUBLIC_FEED_HISTORY``),
    so that the feed does not grow for ever; older events keep their page and their own .ics.

    Calendar programs poll this feed and building thousands of events is costly, so a client
    whose copy is current is answered 304, and the document is cached under the feed's
    version (see ``selectors.public_schedule_version``); the timeout bounds what the version
    cannot see. It is the site's largest answer (1.5 MB for 1,300 events), so a client that
    takes gzip, as calendar programs and browsers do, is sent it compressed (a sixth of
    that), compressed once per version and cached beside it.
    """

    def get(self, request):
        # Its aggregate over every event and session is itself kept under the data version,
        # so that a poll costs the version's one query (see itp.common.caching).
        version = remember("public-schedule-version", [], selectors.public_schedule_version)
        key = "events-feed:" + _fingerprint(request, version.tag)

        def document():
            return cache.get_or_set(
                key,
                lambda: build_calendar(
                    selectors.public_feed_events(),
                    absolute_url=request.build_absolute_uri,
                    name=_("Industry Transition Platform"),
                    subscription=True,
                ),
                FEED_CACHE_SECONDS,
            )

        def compressed():
            return cache.get_or_set(key + ":gzip", lambda: compress(document()), FEED_CACHE_SECONDS)

        gzipped = accepts_gzip(request)
        response = calendar_response(
            request,
            version,
            compressed if gzipped else document,
            filename="itp-events.ics",
            subscription=True,
            encoding="gzip" if gzipped else None,
        )
        patch_vary_headers(response, ["Accept-Encoding"])
        return response


class PersonalCalendarView(View):
    """A person's own feed, found by its secret token: their join links, their waitlist
    places as tentative entries, and agendas in their time zone and language."""

    def get(self, request, token):
        person = Person.objects.filter(calendar_token=token).select_related("government").first()
        if person is None:
            raise Http404

        def build():
            registrations = list(selectors.registrations_in_feed_of(person))
            return build_calendar(
                selectors.events_in_feed_of(person),
                absolute_url=request.build_absolute_uri,
                name=_("My ITP events"),
                subscription=True,
                join_url_event_ids={r.event_id for r in registrations if r.gets_join_url},
                waitlist_places={
                    r.event_id: r.waitlist_place for r in registrations if r.waitlist_place
                },
                time_zone=person.preferred_time_zone(default=None),
            )

        # In the owner's language: the calendar program that fetches the feed says nothing
        # of theirs.
        language = person.preferred_language()
        with translation.override(language):
            response = calendar_response(
                request,
                selectors.personal_feed_version(person),
                build,
                filename="my-itp-events.ics",
                subscription=True,
            )
        response["Content-Language"] = language
        return response
