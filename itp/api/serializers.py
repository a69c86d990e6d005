"""What the public API shows of each model: the public parts only, named alike everywhere.

Every object has ``url`` (its address in the API) and, where the site has a page for it,
``html_url``; related objects appear as a short reference (``slug``, ``name``, ``url``).
People are named only when they consented to be listed; otherwise a person is ``null``.
Event and session times are ISO 8601 in the event's own zone, with its offset, beside the
zone's IANA name; other times (``updated_at``) are UTC.
"""

from zoneinfo import ZoneInfo

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from itp.models import Learning, Theme
from regions.models import Government, Organisation, Person
from teams.models import Deliverable, InnovationTeam, Membership, Secondment
from workshops.models import Event, Session


def absolute(request, path):
    return request.build_absolute_uri(path)


@extend_schema_field({"type": "string", "format": "uri"})
class HTMLLinkField(serializers.Field):
    """The absolute address of the object's page on the site (``get_absolute_url``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", "The object's page on the site.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute(self.context["request"], value.get_absolute_url())


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class OptionalLinkField(serializers.URLField):
    """An address that may be left blank: null then, not an empty string (which is no URI)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class ZonedDateTimeField(serializers.DateTimeField):
    """A moment in the zone named by the object's ``zone_source`` (an IANA name)."""

    def __init__(self, *, zone_source, **kwargs):
        self.zone_source = zone_source
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        if value is None:
            return None
        zone = instance
        for attribute in self.zone_source.split("."):
            zone = getattr(zone, attribute)
        return value.astimezone(ZoneInfo(zone))

    def to_representation(self, value):
        return value.isoformat()


def public_choices(choices, public):
    """The choices of ``choices`` (an enum) whose values are in ``public``, in their order: what
    the API can show, so that the schema names no status it never answers."""
    return [(value, label) for value, label in choices.choices if value in public]


def api_link(name, **kwargs):
    """The object's address in the API: the detail route ``api:<name>-detail``, by slug."""
    kwargs.setdefault("lookup_field", "slug")
    return serializers.HyperlinkedIdentityField(view_name=f"api:{name}-detail", **kwargs)


class ThemeReferenceSerializer(serializers.ModelSerializer):
    url = api_link("theme")

    class Meta:
        model = Theme
        fields = ("slug", "name", "url")


class GovernmentReferenceSerializer(serializers.ModelSerializer):
    url = api_link("government")

    class Meta:
        model = Government
        fields = ("slug", "name", "url")


class EventReferenceSerializer(serializers.ModelSerializer):
    url = api_link("event")

    class Meta:
        model = Event
        fields = ("slug", "title", "url")


class TeamReferenceSerializer(serializers.ModelSerializer):
    url = api_link("team")

    class Meta:
        model = InnovationTeam
        fields = ("slug", "name", "url")


class OrganisationSerializer(serializers.ModelSerializer):
    website = OptionalLinkField(help_text="The organisation's website, or null.")

    class Meta:
        model = Organisation
        fields = ("slug", "name", "kind", "country", "city", "website")


class PersonReferenceSerializer(serializers.ModelSerializer):
    """A listed person; ListedPersonField and the speakers' list leave out anyone else."""

    url = api_link("person")

    class Meta:
        model = Person
        fields = ("slug", "name", "url")


@extend_schema_field(PersonReferenceSerializer(allow_null=True))
class ListedPersonField(serializers.Field):
    """The person, if they consented to be listed; else null, with nothing that names them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault(
            "help_text", "The person, or null when they did not agree to be listed publicly."
        )
        super().__init__(**kwargs)

    def to_representation(self, person):
        if not person.consents_to_public_listing:
            return None
        return PersonReferenceSerializer(person, context=self.context).data


class ThemeSerializer(serializers.ModelSerializer):
    url = api_link("theme")

    class Meta:
        model = Theme
        fields = ("slug", "url", "name", "description")


class GovernmentSerializer(serializers.ModelSerializer):
    url = api_link("government")
    html_url = HTMLLinkField()
    country = serializers.CharField(source="country.code", help_text="ISO 3166-1 alpha-2 code.")
    themes = ThemeReferenceSerializer(many=True, read_only=True)
    website = OptionalLinkField(help_text="The government's website, or null.")

    class Meta:
        model = Government
        fields = (
            "slug",
            "url",
            "html_url",
            "name",
            "kind",
            "country",
            "time_zone",
            "is_active",
            "joined_on",
            "summary",
            "website",
            "themes",
            "population",
            "gdp_billion_usd",
            "emissions_mt_co2e",
            "industry_share_percent",
            "figures_year",
            "figures_source",
        )


class SessionSerializer(serializers.ModelSerializer):
    starts_at = ZonedDateTimeField(zone_source="event.time_zone")
    ends_at = ZonedDateTimeField(zone_source="event.time_zone")
    speakers = serializers.SerializerMethodField(
        help_text="The speakers who agreed to be listed publicly."
    )
    host_organisation = OrganisationSerializer(read_only=True, allow_null=True)
    themes = ThemeReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = (
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "location",
            "description",
            "speakers",
            "host_organisation",
            "themes",
        )

    @extend_schema_field(PersonReferenceSerializer(many=True))
    def get_speakers(self, session):
        listed = [person for person in session.speakers.all() if person.consents_to_public_listing]
        return PersonReferenceSerializer(listed, many=True, context=self.context).data


class EventSerializer(serializers.ModelSerializer):
    """A public event (published or cancelled) with its agenda. Never its online join link."""

    url = api_link("event")
    html_url = HTMLLinkField()
    status = serializers.ChoiceField(choices=public_choices(Event.Status, Event.Status.public))
    starts_at = ZonedDateTimeField(zone_source="time_zone")
    ends_at = ZonedDateTimeField(zone_source="time_zone")
    registration_opens_at = ZonedDateTimeField(zone_source="time_zone", allow_null=True)
    registration_closes_at = ZonedDateTimeField(zone_source="time_zone", allow_null=True)
    country = serializers.CharField(
        source="country.code", help_text="ISO 3166-1 alpha-2 code, or empty."
    )
    host_government = GovernmentReferenceSerializer(read_only=True, allow_null=True)
    themes = ThemeReferenceSerializer(many=True, read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = (
            "slug",
            "url",
            "html_url",
            "title",
            "kind",
            "status",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "attendance_mode",
            "venue",
            "city",
            "country",
            "host_government",
            "themes",
            "capacity",
            "online_capacity",
            "registration_opens_at",
            "registration_closes_at",
            "sessions",
            "updated_at",
        )


class DeliverableSerializer(serializers.ModelSerializer):
    link = OptionalLinkField(source="url", help_text="A link to the deliverable, or null.")

    class Meta:
        model = Deliverable
        fields = ("title", "kind", "status", "due_on", "completed_on", "summary", "link")


class MembershipSerializer(serializers.ModelSerializer):
    person = ListedPersonField()

    class Meta:
        model = Membership
        fields = ("person", "role", "started_on")


class TeamSerializer(serializers.ModelSerializer):
    """A team's public parts: no team-only deliverable, no unlisted member's name."""

    url = api_link("team")
    html_url = HTMLLinkField()
    status = serializers.ChoiceField(
        choices=InnovationTeam.Status.choices, help_text="Derived from the dates."
    )
    theme = ThemeReferenceSerializer(read_only=True)
    lead_government = GovernmentReferenceSerializer(read_only=True)
    member_governments = GovernmentReferenceSerializer(many=True, read_only=True)
    members = MembershipSerializer(many=True, read_only=True, source="current_memberships")
    deliverables = DeliverableSerializer(many=True, read_only=True, source="public_deliverables")

    class Meta:
        model = InnovationTeam
        fields = (
            "slug",
            "url",
            "html_url",
            "name",
            "status",
            "challenge",
            "summary",
            "theme",
            "lead_government",
            "member_governments",
            "starts_on",
            "ends_on",
            "members",
            "deliverables",
        )


class SecondmentSerializer(serializers.ModelSerializer):
    url = api_link("secondment", lookup_field="pk")
    status = serializers.ChoiceField(
        choices=public_choices(Secondment.Status, Secondment.Status.held)
    )
    html_url = serializers.SerializerMethodField(help_text="The site's list of secondments.")
    person = ListedPersonField()
    home_government = GovernmentReferenceSerializer(read_only=True)
    host_government = GovernmentReferenceSerializer(read_only=True, allow_null=True)
    host_organisation = OrganisationSerializer(read_only=True, allow_null=True)
    theme = ThemeReferenceSerializer(read_only=True, allow_null=True)
    team = TeamReferenceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Secondment
        fields = (
            "id",
            "url",
            "html_url",
            "person",
            "home_government",
            "host_government",
            "host_organisation",
            "starts_on",
            "ends_on",
            "status",
            "purpose",
            "theme",
            "team",
            "updated_at",
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, secondment):
        return absolute(self.context["request"], reverse("teams:secondment-list"))


class LearningSerializer(serializers.ModelSerializer):
    url = api_link("learning")
    html_url = HTMLLinkField()
    themes = ThemeReferenceSerializer(many=True, read_only=True)
    government = GovernmentReferenceSerializer(read_only=True, allow_null=True)
    organisation = OrganisationSerializer(read_only=True, allow_null=True)
    source_event = serializers.SerializerMethodField(
        help_text="The public event the learning came from, if any."
    )
    source_team = TeamReferenceSerializer(read_only=True, allow_null=True)
    source_secondment = serializers.SerializerMethodField(
        help_text="The address of the public secondment the learning came from, if any."
    )

    class Meta:
        model = Learning
        fields = (
            "slug",
            "url",
            "html_url",
            "title",
            "summary",
            "body",
            "themes",
            "government",
            "organisation",
            "source_event",
            "source_team",
            "source_secondment",
            "published_on",
            "updated_at",
        )

    @extend_schema_field(EventReferenceSerializer(allow_null=True))
    def get_source_event(self, learning):
        event = learning.source_event
        if event is None or event.status not in Event.Status.public:
            return None
        return EventReferenceSerializer(event, context=self.context).data

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_source_secondment(self, learning):
        secondment = learning.source_secondment
        if secondment is None or secondment.status not in Secondment.Status.held:
            return None
        return absolute(
            self.context["request"], reverse("api:secondment-detail", args=[secondment.pk])
        )


class PersonSerializer(serializers.ModelSerializer):
    """A person who agreed to be listed: never their e-mail address or anything private."""

    url = api_link("person")
    html_url = HTMLLinkField()
    government = GovernmentReferenceSerializer(read_only=True, allow_null=True)
    organisation = OrganisationSerializer(read_only=True, allow_null=True)
    photo_url = serializers.SerializerMethodField(help_text="The person's photo, if any.")

    class Meta:
        model = Person
        fields = (
            "slug",
            "url",
            "html_url",
            "name",
            "kind",
            "job_title",
            "government",
            "organisation",
            "biography",
            "photo_url",
        )

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_photo_url(self, person):
        if not person.photo:
            return None
        return absolute(self.context["request"], reverse("person-photo", args=[person.slug]))
