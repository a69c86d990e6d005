"""Materials of events, sessions and learnings: slides, documents and minutes (files) and
recordings (links), each shown to the people its visibility names.

Foreign keys to app models are lazy "app.Model" strings and the app models a query needs are
looked up by name in the app registry: the base imports no app.
"""

import enum
import os
import re
import secrets
import uuid

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itp.common.uploads import ServedFileField, check_upload
from itp.common.validators import validate_single_line, validate_web_address

# The permission that shows materials of every visibility, on every page. Programme staff hold
# it with every other permission of the programme's apps; coordinators, who hold only the
# view_ permissions, do not: the same rule as for team-only deliverables.
SEE_EVERY_MATERIAL = "itp.see_every_material"

_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}")


def material_file_path(instance, filename):
    """Where a material's file is stored: a directory of 32 random hex digits, so nobody can
    guess a file's address even where the media folder is served. The file keeps only its
    extension; its original name is stored on the material for the download."""
    extension = os.path.splitext(filename)[1].lower()
    if not _EXTENSION.fullmatch(extension):
        extension = ""
    return f"materials/{secrets.token_hex(16)}/material{extension}"


class MaterialQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The materials ``user`` may see and download: the one place for the rule.

        Holders of ``SEE_EVERY_MATERIAL`` (the programme staff) see every material. Anyone
        else sees only materials of a page they may see (a published or cancelled event, a
        published learning; staff and coordinators see drafts, as on the pages) and of those:
        public ones; when logged in, also those for the participants of an event they hold a
        seat at (registered, attended or marked absent; for a session its event, for a
        learning its source event), and those for a team they are a current member of.
        """
        if user.is_authenticated and user.has_perm(SEE_EVERY_MATERIAL):
            return self.all()
        materials = self
        if not user.is_staff:
            Event = apps.get_model("workshops", "Event")
            public = Event.Status.public
            materials = materials.filter(
                Q(event__status__in=public)
                | Q(session__event__status__in=public)
                | Q(learning__is_published=True)
            )
        shown = Q(visibility=Material.Visibility.PUBLIC)
        if user.is_authenticated:
            Registration = apps.get_model("workshops", "Registration")
            Membership = apps.get_model("teams", "Membership")
            events_attended = Registration.objects.filter(
                person__user=user, status__in=Registration.Status.holding_seat
            ).values("event")
            teams = Membership.objects.current().filter(person__user=user).values("team")
            shown |= Q(visibility=Material.Visibility.PARTICIPANTS) & (
                Q(event__in=events_attended)
                | Q(session__event__in=events_attended)
                | Q(learning__source_event__in=events_attended)
            )
            shown |= Q(visibility=Material.Visibility.TEAM, team__in=teams)
        return materials.filter(shown)

    def of_event(self, event):
        """The materials of ``event`` and of its sessions, for its page: the event's own
        first, then each session's in the agenda's order, with the session and team loaded."""
        return (
            self.filter(Q(event=event) | Q(session__event=event))
            .select_related("session", "team")
            .order_by(
                models.F("session__starts_at").asc(nulls_first=True),
                "session__title",
                "session_id",
                "position",
                "title",
                "pk",
            )
        )

    def of_learning(self, learning):
        """The materials of ``learning``, for its page, with the team loaded."""
        return self.filter(learning=learning).select_related("team")


class Material(models.Model):
    """A file (slides, a document, minutes) or a link (a recording) of an event, one of its
    sessions or a learning, shown to the people its visibility names."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        DOCUMENT = "document", _("Document")
        MINUTES = "minutes", _("Minutes")
        RECORDING = "recording", _("Recording")

        # The kinds that are links; every other kind is a file. Not a member of the enum.
        links = enum.nonmember(frozenset({"recording"}))

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        PARTICIPANTS = "participants", _("Registered participants of the event")
        TEAM = "team", _("Members of a team")
        STAFF = "staff", _("Programme staff")

    uuid = models.UUIDField(_("download key"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the material belongs to: exactly one of an event, a session or a learning.
    event = models.ForeignKey(
        "workshops.Event",
        verbose_name=_("event"),
        related_name="materials",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    session = models.ForeignKey(
        "workshops.Session",
        verbose_name=_("session"),
        related_name="materials",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    learning = models.ForeignKey(
        "itp.Learning",
        verbose_name=_("learning"),
        related_name="materials",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    # Served only by the download view: the file's url is the material's own.
    file = ServedFileField(_("file"), upload_to=material_file_path, max_length=255, blank=True)
    link = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[validate_web_address],
        help_text=_("For a recording: its web address."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_(
            "Who sees it on the pages and may download it. Registered participants are those "
            "who hold a seat at the event (for a learning: the event it comes from)."
        ),
    )
    # Deleting a team would leave its materials shown to nobody or to everybody: refused.
    team = models.ForeignKey(
        "teams.InnovationTeam",
        verbose_name=_("team"),
        related_name="materials",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The team whose members see it, when the visibility is a team."),
    )
    position = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are listed first.")
    )
    original_name = models.CharField(
        _("original file name"), max_length=255, blank=True, validators=[validate_single_line]
    )
    size_bytes = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title_en", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        permissions = [
            ("see_every_material", _("Can see and download materials of every visibility")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, session__isnull=True, learning__isnull=True)
                | Q(event__isnull=True, session__isnull=False, learning__isnull=True)
                | Q(event__isnull=True, session__isnull=True, learning__isnull=False),
                name="material_belongs_to_one_event_session_or_learning",
                violation_error_message=_(
                    "A material belongs to exactly one event, session or learning."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(kind="recording") & Q(file="") & ~Q(link=""))
                | (~Q(kind="recording") & ~Q(file="") & Q(link="")),
                name="material_recording_is_a_link_others_a_file",
                violation_error_message=_(
                    "A recording is a link; slides, documents and minutes are a file."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(file="") & Q(size_bytes__isnull=True))
                | (~Q(file="") & Q(size_bytes__isnull=False)),
                name="material_file_has_a_size",
            ),
            models.CheckConstraint(
                condition=(Q(visibility="team") & Q(team__isnull=False))
                | (~Q(visibility="team") & Q(team__isnull=True)),
                name="material_team_only_for_team_visibility",
                violation_error_message=_(
                    "Name the team exactly when the material is shown to a team's members."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The download of a file; a recording's link is shown on the pages instead."""
        return reverse("materials:download", kwargs={"key": self.uuid})

    def clean(self):
        errors = {}
        if self.file and not self.file._committed:
            # A new upload: checked, and described from what the checks found, never from
            # what the browser claimed.
            try:
                checked = check_upload(self.file.file)
            except ValidationError as refusal:
                errors["file"] = refusal.messages
            else:
                self.original_name = checked.name
                self.size_bytes = checked.size_bytes
                self.content_type = checked.content_type
        owners = [self.event_id, self.session_id, self.learning_id]
        if sum(owner is not None for owner in owners) != 1:
            errors["event"] = _("Choose exactly one event, session or learning.")
        if self.kind in self.Kind.links:
            if not self.link:
                errors["link"] = _("A recording is a link: give its web address.")
            if self.file:
                errors["file"] = _("A recording is a link, not a file: remove the file.")
        elif self.kind:
            if not self.file:
                errors["file"] = _("Slides, documents and minutes are a file: upload it.")
            if self.link:
                errors["link"] = _(
                    "Only recordings are links; upload the file, or choose the kind recording."
                )
        if self.visibility == self.Visibility.TEAM and self.team_id is None:
            errors["team"] = _("Choose the team whose members see this material.")
        elif self.visibility != self.Visibility.TEAM and self.team_id is not None:
            errors["team"] = _("A team is named only when the material is shown to its members.")
        if (
            self.visibility == self.Visibility.PARTICIPANTS
            and self.learning_id is not None
            and self.learning.source_event_id is None
        ):
            errors["visibility"] = _(
                "This learning comes from no event, so it has no registered participants; "
                "choose another visibility."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_link(self):
        return self.kind in self.Kind.links

    @property
    def is_restricted(self):
        return self.visibility != self.Visibility.PUBLIC

    @property
    def format_name(self):
        """The file's format as people name it, from its extension: "PDF", "PPTX"."""
        name = self.original_name or self.file.name
        return name.rpartition(".")[2].upper() if "." in name else ""


# Housekeeping of the stored files rather than business logic: a material deleted by any path
# (the admin, a cascade from its event, a queryset) or given another file leaves no file
# behind. The file goes once the deletion is committed, so a rolled back one keeps it.
def _delete_file_on_commit(name):
    storage = Material._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=Material, dispatch_uid="material-file-deleted-with-material")
def delete_file_of_deleted_material(sender, instance, **kwargs):
    if instance.file:
        _delete_file_on_commit(instance.file.name)


@receiver(pre_save, sender=Material, dispatch_uid="material-file-deleted-when-replaced")
def delete_replaced_file(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    previous = Material.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if previous and previous != instance.file.name:
        _delete_file_on_commit(previous)
