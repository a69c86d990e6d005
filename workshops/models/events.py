"""Events (workshops, webinars, visits) and their agenda sessions."""

import enum

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from itp.common.validators import (
    ReservedSlugValidator,
    validate_multiline_text,
    validate_single_line,
    validate_web_address,
)
from regions.models import Government, Organisation, Person
from regions.time_zones import IANA_TIME_ZONES, validate_time_zone

# Pages under /events/ whose address an event's slug would take: the event's page would be
# hidden behind them.
RESERVED_EVENT_SLUGS = ("calendar", "calendar.ics", "planner")


class EventQuerySet(models.QuerySet):
    def public(self):
        """Events the public may see: published or cancelled (a cancellation is news too)."""
        return self.filter(status__in=Event.Status.public)

    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())

    def with_seats_taken(self):
        """Annotate ``in_person_seats_taken`` and ``online_seats_taken`` (registrations that
        hold a seat in each mode) and ``seats_taken`` (both), in the same query.

        Correlated subqueries rather than a join and GROUP BY: the database counts seats only
        for the events a page actually shows, not for every event before the LIMIT.
        """
        # The registrations module builds on this one, so the model is reached through
        # the reverse relation rather than imported.
        Registration = self.model.registrations.rel.related_model

        def seats(mode):
            return Coalesce(
                Subquery(
                    Registration.objects.filter(
                        event=OuterRef("pk"),
                        mode=mode,
                        status__in=Registration.Status.holding_seat,
                    )
                    .order_by()
                    .values("event")
                    .annotate(total=Count("pk"))
                    .values("total")
                ),
                0,
            )

        return self.annotate(
            in_person_seats_taken=seats(Mode.IN_PERSON), online_seats_taken=seats(Mode.ONLINE)
        ).annotate(seats_taken=F("in_person_seats_taken") + F("online_seats_taken"))

    def quota_released_by(self, now):
        """Events whose government quota was released at ``now`` or before, that have not
        ended: their waitlists may now be promoted without the quota."""
        return self.filter(
            seats_per_government__isnull=False,
            quota_released_at__lte=now,
            ends_at__gt=now,
            status=Event.Status.PUBLISHED,
        )


class Mode(models.TextChoices):
    """How a person takes part in an event: in the room or online."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Event(models.Model):
    """A workshop, webinar, secondment briefing or study visit of the programme."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        SECONDMENT_BRIEFING = "secondment_briefing", _("Secondment briefing")
        STUDY_VISIT = "study_visit", _("Study visit")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")

        # The statuses the public sees on the schedule and in the feeds: a cancellation is
        # news too. A group of values, not a member of the enum.
        public = enum.nonmember(frozenset({"published", "cancelled"}))

    class AttendanceMode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid: in person and online")

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        validators=[ReservedSlugValidator(RESERVED_EVENT_SLUGS)],
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("venue's time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("The IANA name of the venue's time zone, e.g. Europe/Rome."),
    )
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, validators=[validate_single_line]
    )
    city = models.CharField(
        _("city"), max_length=100, blank=True, validators=[validate_single_line]
    )
    country = CountryField(_("country"), blank=True)
    host_government = models.ForeignKey(
        Government,
        verbose_name=_("host government"),
        related_name="hosted_events",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    join_url = models.URLField(
        _("online join link"),
        blank=True,
        validators=[validate_web_address],
        help_text=_("Shown only to people registered for the event."),
    )
    description = models.TextField(
        _("description"), blank=True, validators=[validate_multiline_text]
    )
    themes = models.ManyToManyField(
        "itp.Theme", verbose_name=_("themes"), related_name="events", blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Seats available; leave empty for no limit. For a hybrid event: the seats in the room."
        ),
    )
    attendance_mode = models.CharField(
        _("attendance"),
        max_length=20,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
        help_text=_(
            "A hybrid event takes registrations in person and online, each with its own "
            "capacity and waitlist; participants choose."
        ),
    )
    online_capacity = models.PositiveIntegerField(
        _("online capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For a hybrid event: the online seats; leave empty for no limit."),
    )
    requires_approval = models.BooleanField(
        _("requires approval"),
        default=False,
        help_text=_(
            "Registrations wait for the staff's approval; a seat is counted when approved."
        ),
    )
    seats_per_government = models.PositiveIntegerField(
        _("seats per government"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "At most this many seats per government until the quota is released (for a "
            "hybrid event: seats in the room). Leave empty for no quota."
        ),
    )
    quota_released_at = models.DateTimeField(
        _("quota released at"),
        null=True,
        blank=True,
        help_text=_(
            "From this time the seats are open to all and the waitlist moves up without "
            "the quota. Leave empty to keep the quota until the event."
        ),
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take registrations until the event starts."),
    )
    # Rises with every change a calendar should pick up (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # By the English title: the same order in every language (titles are translated).
        ordering = ["starts_at", "title_en"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("An event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="event_capacity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_it_opens",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(time_zone__in=IANA_TIME_ZONES), name="event_time_zone_is_iana"
            ),
            models.CheckConstraint(
                condition=Q(attendance_mode__in=["in_person", "online", "hybrid"]),
                name="event_attendance_mode_known",
            ),
            models.CheckConstraint(
                condition=Q(attendance_mode="hybrid") | Q(online_capacity__isnull=True),
                name="event_online_capacity_only_when_hybrid",
                violation_error_message=_("Only a hybrid event has an online capacity."),
            ),
            models.CheckConstraint(
                condition=Q(seats_per_government__isnull=True) | Q(seats_per_government__gte=1),
                name="event_seats_per_government_positive",
            ),
            models.CheckConstraint(
                condition=Q(seats_per_government__isnull=False) | Q(quota_released_at__isnull=True),
                name="event_quota_release_only_with_quota",
                violation_error_message=_("A quota release time needs seats per government."),
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:event-detail", kwargs={"slug": self.slug})

    def clean(self):
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("An event must end after it starts.")})
        if self.online_capacity is not None and self.attendance_mode != self.AttendanceMode.HYBRID:
            raise ValidationError(
                {"online_capacity": _("Only a hybrid event has an online capacity.")}
            )
        if self.quota_released_at and self.seats_per_government is None:
            raise ValidationError(
                {"quota_released_at": _("A quota release time needs seats per government.")}
            )

    @property
    def modes(self):
        """The modes people may register in: both for a hybrid event, else its one mode."""
        if self.attendance_mode == self.AttendanceMode.HYBRID:
            return (Mode.IN_PERSON, Mode.ONLINE)
        return (Mode(self.attendance_mode),)

    @property
    def is_hybrid(self):
        return self.attendance_mode == self.AttendanceMode.HYBRID

    def capacity_of(self, mode):
        """The seats of ``mode`` (None: no limit). ``capacity`` is the seats of a single-mode
        event's one mode, or the room's of a hybrid event; ``online_capacity`` the online
        seats of a hybrid event."""
        if self.is_hybrid and mode == Mode.ONLINE:
            return self.online_capacity
        return self.capacity

    def quota_mode(self):
        """The mode whose seats the government quota limits: the room's for an in-person or
        hybrid event (online seats of a hybrid event are not rationed), the online seats of an
        online event. None without a quota."""
        if self.seats_per_government is None:
            return None
        return Mode.ONLINE if self.attendance_mode == self.AttendanceMode.ONLINE else Mode.IN_PERSON

    def quota_in_force(self, now, mode=None):
        """Whether the government quota limits seats (of ``mode``, when given) at ``now``."""
        quota_mode = self.quota_mode()
        if quota_mode is None or (mode is not None and mode != quota_mode):
            return False
        return self.quota_released_at is None or now < self.quota_released_at

    @property
    def quota_applies_now(self):
        return self.quota_in_force(timezone.now())

    @property
    def seats_left_by_mode(self):
        """(mode, label, seats left or None) for each mode the event offers.

        Needs the annotations of ``Event.objects.with_seats_taken()``.
        """
        if self.is_hybrid:
            taken = {
                Mode.IN_PERSON: self.in_person_seats_taken,
                Mode.ONLINE: self.online_seats_taken,
            }
        else:
            taken = dict.fromkeys(Mode, self.seats_taken)
        rows = []
        for mode in self.modes:
            capacity = self.capacity_of(mode)
            left = None if capacity is None else max(capacity - taken[mode], 0)
            rows.append((mode, Mode(mode).label, left))
        return rows

    @property
    def is_online(self):
        return not (self.venue or self.city)

    @property
    def place(self):
        """Where the event happens, as people say it: "Palazzo Lombardia, Milan"."""
        return ", ".join(part for part in (self.venue, self.city) if part)

    @property
    def seats_left(self):
        """Seats still free, None when there is no limit.

        For a hybrid event, the seats in the room (``seats_left_by_mode`` gives both).
        Needs the annotations of ``Event.objects.with_seats_taken()``.
        """
        if self.capacity is None:
            return None
        taken = self.in_person_seats_taken if self.is_hybrid else self.seats_taken
        return max(self.capacity - taken, 0)

    @property
    def full(self):
        """Whether every mode the event offers is full (needs ``with_seats_taken()``)."""
        return all(left == 0 for _mode, _label, left in self.seats_left_by_mode)

    @property
    def has_ended(self):
        """Whether the event is over: its seats and registration no longer matter."""
        return self.ends_at <= timezone.now()

    def registration_closes(self):
        """When registration closes: the set time, or else when the event starts."""
        return self.registration_closes_at or self.starts_at

    def registration_refusal(self, now, *, even_if_closed=False):
        """Why nobody can register at ``now``, or None when registration is open.

        ``even_if_closed`` leaves out the registration window (for staff adding someone late
        or early); a cancelled, unpublished or finished event is refused all the same.
        """
        if self.status == self.Status.CANCELLED:
            return _("This event has been cancelled.")
        if self.status != self.Status.PUBLISHED:
            return _("This event is not open for registration.")
        if self.ends_at <= now:
            return _("This event is over.")
        if even_if_closed:
            return None
        if self.registration_opens_at and now < self.registration_opens_at:
            return _("Registration for this event has not opened yet.")
        if now >= self.registration_closes():
            return _("Registration for this event has closed.")
        return None


class Session(models.Model):
    """An item of an event's agenda: a plenary, a breakout, a site visit..."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PANEL = "panel", _("Panel")
        BREAKOUT = "breakout", _("Breakout")
        SITE_VISIT = "site_visit", _("Site visit")
        NETWORKING = "networking", _("Networking")
        BREAK = "break", _("Break")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="sessions", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(
        _("location"), max_length=200, blank=True, validators=[validate_single_line]
    )
    description = models.TextField(
        _("description"), blank=True, validators=[validate_multiline_text]
    )
    speakers = models.ManyToManyField(
        Person, verbose_name=_("speakers"), related_name="sessions_spoken_at", blank=True
    )
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        related_name="hosted_sessions",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("For a site visit: the organisation whose site is visited."),
    )
    themes = models.ManyToManyField(
        "itp.Theme", verbose_name=_("themes"), related_name="sessions", blank=True
    )

    class Meta:
        ordering = ["starts_at", "title_en"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_it_starts",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        event = getattr(self, "event", None)
        if event is None or not (self.starts_at and self.ends_at):
            return
        if event.starts_at and self.starts_at < event.starts_at:
            raise ValidationError({"starts_at": _("The session starts before its event does.")})
        if event.ends_at and self.ends_at > event.ends_at:
            raise ValidationError({"ends_at": _("The session ends after its event does.")})
