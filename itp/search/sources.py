"""What the site search looks through: one declarative entry per type of result.

Each source names the rows a user may see, reusing the app's own rule for it (``public()``,
``published()``, ``active()``...; never decided again here), the fields searched with their
weights (A for a title, B for a summary or description, C for the rest), and how a result's
title, snippet text, address and date are made. ``backends`` turns the fields into a
full-text vector on PostgreSQL and into plain matching on SQLite; the migrations
``itp.0010_search`` and ``itp.0013_search_in_six_languages`` store and index exactly the
vectors these fields make. A field with a column per language (``translation.py``) is
searched in every language's column.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itp.models import Learning, Material
from regions.models import Government, Organisation, Person
from teams.models import InnovationTeam
from workshops.models import Event, Session


@dataclass(frozen=True)
class Source:
    """One type of result."""

    # The ?type= value and the anchor of its section.
    name: str
    label: Any  # lazily translated, plural
    label_one: Any  # lazily translated, singular: the type shown on each result
    model: Any
    # (user) -> the rows of the model this user may find, with what a result shows loaded.
    visible_to: Any
    # (field, weight) pairs, weight "A", "B" or "C"; the first "A" field is the title.
    fields: tuple
    # (row) -> the address of its page, or "" for a row without one.
    url: Any
    # The fields a snippet is cut from; all but the title when left out.
    excerpted: tuple = ()
    # (row) -> a few words shown beside the type (a person's government or organisation).
    detail: Any = staticmethod(lambda row: "")
    # (row) -> a word marking a row that only staff see (a draft), or one that is
    # no longer on (cancelled); "" for none.
    marker: Any = staticmethod(lambda row: "")
    # (row) -> (start, IANA time zone) for a result that shows when it takes place.
    when: Any = None

    @property
    def title_field(self):
        return self.fields[0][0]

    @property
    def snippet_fields(self):
        """The fields a snippet is cut from, in order."""
        return self.excerpted or tuple(field for field, _weight in self.fields[1:])

    def fields_weighted(self, weight):
        return tuple(field for field, field_weight in self.fields if field_weight == weight)


def _sees_drafts(user):
    # The event page shows drafts to the same people (workshops.views.EventDetailView).
    return user.is_staff


def _events(user):
    events = Event.objects.all() if _sees_drafts(user) else Event.objects.public()
    return events.select_related("host_government")


def _sessions(user):
    sessions = Session.objects.all()
    if not _sees_drafts(user):
        sessions = sessions.filter(event__in=Event.objects.public())
    return sessions.select_related("event")


def _event_marker(event):
    if event.status == Event.Status.PUBLISHED:
        return ""
    return event.get_status_display()


def _session_url(session):
    return session.event.get_absolute_url()


def _learnings(user):
    learnings = Learning.objects.all() if _sees_drafts(user) else Learning.objects.published()
    return learnings.select_related("government", "organisation")


def _learning_url(learning):
    if learning.is_published:
        return learning.get_absolute_url()
    # An unpublished learning has no public page yet: staff edit it in the admin.
    return reverse("admin:itp_learning_change", args=[learning.pk])


def _people(user):
    # Only people who consented to be listed: nobody else's name is ever shown.
    return Person.objects.listed().select_related("government", "organisation")


def _person_detail(person):
    affiliation = person.affiliation
    return affiliation.name if affiliation else ""


def _materials(user):
    # Titles only, of the materials this user may see (the materials' own rule).
    return Material.objects.visible_to(user).select_related("event", "session__event", "learning")


def _material_url(material):
    """The page that lists the material: its event's (a session's, too) or its learning's."""
    if material.learning_id is not None:
        return _learning_url(material.learning)
    event = material.event if material.event_id is not None else material.session.event
    return event.get_absolute_url()


def _material_detail(material):
    if material.learning_id is not None:
        return material.learning.title
    if material.session_id is not None:
        return material.session.title
    return material.event.title


def _governments(user):
    return Government.objects.active()


def _organisations(user):
    return Organisation.objects.all()


def _organisation_url(organisation):
    # Organisations have no page of their own on the site: their website stands in.
    return organisation.website


def _teams(user):
    # Only the team's own public fields are searched: never its team-only deliverables.
    return InnovationTeam.objects.select_related("lead_government")


SOURCES = (
    Source(
        name="events",
        label=_("Events"),
        label_one=_("Event"),
        model=Event,
        visible_to=_events,
        fields=(("title", "A"), ("description", "B"), ("venue", "C"), ("city", "C")),
        url=lambda event: event.get_absolute_url(),
        excerpted=("description",),
        marker=_event_marker,
        when=lambda event: (event.starts_at, event.time_zone),
    ),
    Source(
        name="sessions",
        label=_("Sessions"),
        label_one=_("Session"),
        model=Session,
        visible_to=_sessions,
        fields=(("title", "A"), ("description", "B"), ("location", "C")),
        url=_session_url,
        excerpted=("description",),
        marker=lambda session: _event_marker(session.event),
        when=lambda session: (session.starts_at, session.event.time_zone),
    ),
    Source(
        name="people",
        label=_("People"),
        label_one=_("Person"),
        model=Person,
        visible_to=_people,
        fields=(("name", "A"), ("job_title", "B"), ("biography", "C")),
        url=lambda person: person.get_absolute_url(),
        detail=_person_detail,
    ),
    Source(
        name="learnings",
        label=_("Learnings"),
        label_one=_("Learning"),
        model=Learning,
        visible_to=_learnings,
        fields=(("title", "A"), ("summary", "B"), ("body", "C")),
        url=_learning_url,
        marker=lambda learning: "" if learning.is_published else _("Unpublished"),
    ),
    Source(
        name="materials",
        label=_("Materials"),
        label_one=_("Material"),
        model=Material,
        visible_to=_materials,
        fields=(("title", "A"),),
        url=_material_url,
        detail=_material_detail,
    ),
    Source(
        name="teams",
        label=_("Innovation teams"),
        label_one=_("Innovation team"),
        model=InnovationTeam,
        visible_to=_teams,
        fields=(("name", "A"), ("summary", "B"), ("challenge", "C")),
        url=lambda team: team.get_absolute_url(),
    ),
    Source(
        name="governments",
        label=_("Governments"),
        label_one=_("Government"),
        model=Government,
        visible_to=_governments,
        fields=(("name", "A"), ("summary", "B")),
        url=lambda government: government.get_absolute_url(),
    ),
    Source(
        name="organisations",
        label=_("Organisations"),
        label_one=_("Organisation"),
        model=Organisation,
        visible_to=_organisations,
        fields=(("name", "A"), ("city", "C")),
        url=_organisation_url,
        detail=lambda organisation: organisation.get_kind_display(),
    ),
)

SOURCES_BY_NAME = {source.name: source for source in SOURCES}
