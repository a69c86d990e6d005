"""Secondments: an official placed from their home government at another government or an
organisation."""

import enum

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from itp.common.validators import validate_multiline_text
from regions.models import Government, Organisation, Person

from .teams import InnovationTeam


class SecondmentQuerySet(models.QuerySet):
    def public(self):
        """Secondments the public may see: approved, under way or completed."""
        return self.filter(status__in=Secondment.Status.held)

    def overlapping(self, *, person, starts_on, ends_on):
        """Held secondments of ``person`` whose dates meet [starts_on, ends_on]."""
        return self.filter(
            person=person,
            status__in=Secondment.Status.held,
            starts_on__lte=ends_on,
            ends_on__gte=starts_on,
        )


class Secondment(models.Model):
    """An official placed from their home government at another government or an organisation."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        UNDER_WAY = "under_way", _("Under way")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", pgettext_lazy("secondment status", "Cancelled")

        # Groups of values, not members of the enum.
        # A secondment the person holds: the public may see it, and no other secondment of
        # theirs may overlap it.
        held = enum.nonmember(frozenset({"approved", "under_way", "completed"}))
        # Not concluded yet: the secondment may still be cancelled.
        cancellable = enum.nonmember(frozenset({"proposed", "approved", "under_way"}))

    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="secondments", on_delete=models.PROTECT
    )
    home_government = models.ForeignKey(
        Government,
        verbose_name=_("home government"),
        related_name="secondments_out",
        on_delete=models.PROTECT,
    )
    host_government = models.ForeignKey(
        Government,
        verbose_name=_("host government"),
        related_name="secondments_in",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        related_name="secondments_hosted",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    purpose = models.TextField(_("purpose"), validators=[validate_multiline_text])
    theme = models.ForeignKey(
        "itp.Theme",
        verbose_name=_("theme"),
        related_name="secondments",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        InnovationTeam,
        verbose_name=_("linked team"),
        related_name="secondments",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    outcome_report = models.TextField(
        _("outcome report"), blank=True, validators=[validate_multiline_text]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SecondmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "person__name"]
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="secondment_ends_on_or_after_start",
            ),
            models.CheckConstraint(
                condition=Q(host_government__isnull=False, host_organisation__isnull=True)
                | Q(host_government__isnull=True, host_organisation__isnull=False),
                name="secondment_has_exactly_one_host",
            ),
            models.CheckConstraint(
                condition=Q(host_government__isnull=True)
                | ~Q(host_government=F("home_government")),
                name="secondment_host_is_not_home_government",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="secondment_person_status")]

    def __str__(self):
        return _("%(person)s at %(host)s") % {"person": self.person, "host": self.host}

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A secondment cannot end before it starts.")
        if self.host_government_id and self.host_organisation_id:
            errors["host_organisation"] = _(
                "Choose one host: a government or an organisation, not both."
            )
        elif not self.host_government_id and not self.host_organisation_id:
            errors["host_government"] = _("Choose a host: a government or an organisation.")
        elif self.host_government_id and self.host_government_id == self.home_government_id:
            errors["host_government"] = _("The host cannot be the home government.")
        # Proposals may compete for the same dates (approval decides), but none may clash
        # with a secondment the person already holds.
        dated = self.starts_on is not None and self.ends_on is not None
        if not errors and dated and self.person_id and self.status != self.Status.CANCELLED:
            overlapping = Secondment.objects.overlapping(
                person=self.person_id, starts_on=self.starts_on, ends_on=self.ends_on
            ).exclude(pk=self.pk)
            if overlapping.exists():
                errors["starts_on"] = _("This person has another secondment at that time.")
        if errors:
            raise ValidationError(errors)

    @property
    def host(self):
        return self.host_government or self.host_organisation

    @property
    def duration_days(self):
        """Days from the first to the last day of the secondment, both included."""
        return (self.ends_on - self.starts_on).days + 1
