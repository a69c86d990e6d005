"""Innovation teams and their members."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from itp.common.validators import validate_multiline_text, validate_single_line
from regions.models import Government, Person


class InnovationTeamQuerySet(models.QuerySet):
    def forming(self, today=None):
        return self.filter(starts_on__gt=today or timezone.localdate())

    def active(self, today=None):
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )

    def concluded(self, today=None):
        return self.filter(ends_on__lt=today or timezone.localdate())

    def with_status(self, status, today=None):
        """Teams whose status, derived from their dates, is ``status``."""
        by_status = {
            InnovationTeam.Status.FORMING: self.forming,
            InnovationTeam.Status.ACTIVE: self.active,
            InnovationTeam.Status.CONCLUDED: self.concluded,
        }
        return by_status[status](today)


class InnovationTeam(models.Model):
    """Officials and experts from several governments working on one industrial challenge."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        CONCLUDED = "concluded", _("Concluded")

    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[validate_single_line]
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    challenge = models.TextField(
        _("challenge statement"),
        validators=[validate_multiline_text],
        help_text=_("The problem the team sets out to solve."),
    )
    theme = models.ForeignKey(
        "itp.Theme", verbose_name=_("theme"), related_name="teams", on_delete=models.PROTECT
    )
    lead_government = models.ForeignKey(
        Government,
        verbose_name=_("lead government"),
        related_name="led_teams",
        on_delete=models.PROTECT,
    )
    member_governments = models.ManyToManyField(
        Government,
        verbose_name=_("member governments"),
        related_name="teams",
        blank=True,
        help_text=_("The governments taking part besides the lead government."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Empty while no end is planned.")
    )
    summary = models.TextField(
        _("public summary"), blank=True, validators=[validate_multiline_text]
    )

    objects = InnovationTeamQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # By the English name: the same order in every language (names are translated).
        ordering = ["name_en"]
        verbose_name = _("innovation team")
        verbose_name_plural = _("innovation teams")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="team_ends_on_or_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("teams:team-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A team cannot end before it starts.")})

    def has_ended_by(self, day):
        """Whether the team's last day is before ``day``: nobody may join it from then on."""
        return self.ends_on is not None and day > self.ends_on

    def status_on(self, today):
        if self.starts_on > today:
            return self.Status.FORMING
        if self.ends_on is not None and self.ends_on < today:
            return self.Status.CONCLUDED
        return self.Status.ACTIVE

    @property
    def status(self):
        """Forming before the start date, concluded after the end date, active in between."""
        return self.status_on(timezone.localdate())

    def get_status_display(self):
        return self.Status(self.status).label


class MembershipQuerySet(models.QuerySet):
    def current(self, today=None):
        """Memberships that have not ended: no end date, or one still to come."""
        today = today or timezone.localdate()
        return self.filter(started_on__lte=today).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today)
        )

    def overlapping(self, *, team, person, starts_on, ends_on):
        """Memberships of ``person`` in ``team`` whose period meets [starts_on, ends_on]."""
        overlapping = self.filter(team=team, person=person).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=starts_on)
        )
        if ends_on is not None:
            overlapping = overlapping.filter(started_on__lte=ends_on)
        return overlapping


class Membership(models.Model):
    """A person's place in an innovation team, with their role, from one date to another."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Member")
        EXPERT_ADVISER = "expert_adviser", _("Expert adviser")
        SYSTEMS_CHANGE_COACH = "systems_change_coach", _("Systems change coach")

    team = models.ForeignKey(
        InnovationTeam,
        verbose_name=_("team"),
        related_name="memberships",
        on_delete=models.CASCADE,
    )
    # PROTECT: a person who has been in a team keeps that history.
    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="memberships", on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["team", "role", "started_on"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membership_ends_on_or_after_start",
            ),
            # An open-ended membership is the active one: a person holds at most one per team.
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=Q(ended_on__isnull=True),
                name="one_active_membership_per_person_and_team",
                violation_error_message=_("This person is already an active member of the team."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.team} ({self.get_role_display()})"

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A membership cannot end before it starts.")})
        # The team of an admin inline is set, without an id yet, while the team is added.
        team = getattr(self, "team", None)
        if self.started_on and team is not None and team.has_ended_by(self.started_on):
            raise ValidationError({"started_on": _("The team has ended by then.")})
        if self.started_on and self.team_id and self.person_id:
            overlapping = Membership.objects.overlapping(
                team=self.team_id,
                person=self.person_id,
                starts_on=self.started_on,
                ends_on=self.ended_on,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError({"started_on": self.OVERLAP_REFUSAL})

    OVERLAP_REFUSAL = _("This person is already a member of the team at that time.")

    def meets(self, other):
        """Whether this membership's period and ``other``'s share a day (an open end runs on),
        as ``MembershipQuerySet.overlapping`` finds it among stored memberships."""
        return (other.ended_on is None or other.ended_on >= self.started_on) and (
            self.ended_on is None or self.ended_on >= other.started_on
        )
