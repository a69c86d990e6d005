"""A team's deliverables: strategies, milestones and reports."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itp.common.uploads import ServedFileField
from itp.common.validators import (
    validate_multiline_text,
    validate_single_line,
    validate_web_address,
)

from .teams import InnovationTeam


def deliverable_file_path(instance, filename):
    """A folder of its own that no one can guess, so that the file keeps the name it was
    uploaded with (the download is named after it)."""
    return f"deliverables/{secrets.token_hex(16)}/{filename}"


class DeliverableQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Deliverable.Visibility.PUBLIC)

    def overdue(self, today=None):
        """Deliverables past their due date that are not done."""
        return self.filter(due_on__lt=today or timezone.localdate()).exclude(
            status=Deliverable.Status.DONE
        )


class Deliverable(models.Model):
    """A team's strategy, milestone or report, with its due date and progress."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy")
        MILESTONE = "milestone", _("Milestone")
        REPORT = "report", _("Report")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        TEAM_ONLY = "team_only", _("Team only")

    team = models.ForeignKey(
        InnovationTeam,
        verbose_name=_("team"),
        related_name="deliverables",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, help_text=_("Set when the status is done.")
    )
    summary = models.TextField(_("summary"), blank=True, validators=[validate_multiline_text])
    url = models.URLField(_("link"), blank=True, validators=[validate_web_address])
    # Served only by the team's view, which checks who asks (teams.views.DeliverableFileView).
    file = ServedFileField(
        _("file"),
        upload_to=deliverable_file_path,
        max_length=255,
        blank=True,
        served_by="get_file_url",
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.TEAM_ONLY,
        help_text=_("Team-only deliverables are shown to the team's members and staff only."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DeliverableQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        permissions = [
            ("view_team_only_deliverable", _("Can see team-only deliverables on the site")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="deliverable_completed_on_set_only_when_done",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.status == self.Status.DONE and self.completed_on is None:
            raise ValidationError({"completed_on": _("Say when the deliverable was completed.")})
        if self.status != self.Status.DONE and self.completed_on is not None:
            raise ValidationError(
                {"completed_on": _("Only a deliverable that is done has a completion date.")}
            )

    def get_file_url(self):
        return reverse("teams:deliverable-file", args=[self.team.slug, self.pk])

    def is_overdue_on(self, today):
        return self.status != self.Status.DONE and self.due_on < today

    @property
    def is_overdue(self):
        return self.is_overdue_on(timezone.localdate())

    @property
    def is_team_only(self):
        return self.visibility == self.Visibility.TEAM_ONLY
