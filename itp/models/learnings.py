"""The lessons and case studies the programme shares.

Foreign keys to app models are lazy "app.Model" strings: the base imports no app.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itp.common.validators import (
    ReservedSlugValidator,
    validate_multiline_text,
    validate_single_line,
)

from .themes import Theme

# Pages under /learnings/ whose address a learning's slug would take.
RESERVED_LEARNING_SLUGS = ("feed",)


class LearningQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Learning(models.Model):
    """A lesson or case study the programme shares across the coalition."""

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        validators=[ReservedSlugValidator(RESERVED_LEARNING_SLUGS)],
    )
    summary = models.TextField(_("summary"), validators=[validate_multiline_text])
    body = models.TextField(_("body"), blank=True, validators=[validate_multiline_text])
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="learnings", blank=True
    )
    government = models.ForeignKey(
        "regions.Government",
        verbose_name=_("government it is about"),
        related_name="learnings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("organisation it is about"),
        related_name="learnings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    # Where the learning came from: at most one of an event, a team or a secondment.
    source_event = models.ForeignKey(
        "workshops.Event",
        verbose_name=_("from the event"),
        related_name="learnings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    source_team = models.ForeignKey(
        "teams.InnovationTeam",
        verbose_name=_("from the team"),
        related_name="learnings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    source_secondment = models.ForeignKey(
        "teams.Secondment",
        verbose_name=_("from the secondment"),
        related_name="learnings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LearningQuerySet.as_manager()

    class Meta:
        # By the English title: the same order in every language (titles are translated).
        ordering = ["-published_on", "title_en"]
        verbose_name = _("learning")
        verbose_name_plural = _("learnings")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_on__isnull=False),
                name="learning_published_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(source_event__isnull=True, source_team__isnull=True)
                | Q(source_event__isnull=True, source_secondment__isnull=True)
                | Q(source_team__isnull=True, source_secondment__isnull=True),
                name="learning_has_at_most_one_source",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("learnings:learning-detail", kwargs={"slug": self.slug})

    def clean(self):
        sources = [self.source_event_id, self.source_team_id, self.source_secondment_id]
        if sum(source is not None for source in sources) > 1:
            raise ValidationError(
                {"source_event": _("A learning comes from one event, team or secondment at most.")}
            )
        if self.is_published and self.published_on is None:
            raise ValidationError({"published_on": _("Say when the learning was published.")})
