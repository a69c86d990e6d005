"""One factory per model, with realistic values and sequences for every unique field."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from itp.models import ApiToken, Learning, Material, Theme
from regions.models import Government, Organisation, Person
from teams.models import Deliverable, InnovationTeam, Membership, Secondment
from workshops.models import (
    Answer,
    Event,
    EventReminder,
    FeedbackResponse,
    Mailing,
    Message,
    Question,
    Registration,
    Session,
)

PASSWORD = "a-long-test-password-nobody-guesses"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.Sequence(lambda n: f"user-{n}@example.org")
    password = factory.django.Password(PASSWORD)
    is_active = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """The roles (groups, by name) the user holds: ``UserFactory(roles=[COORDINATORS])``."""
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=role) for role in extracted))


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Industrial heat pumps {n}")
    slug = factory.Sequence(lambda n: f"industrial-heat-pumps-{n}")
    description = "Replacing fossil process heat with electric heat pumps."


class GovernmentFactory(DjangoModelFactory):
    class Meta:
        model = Government
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    country = "IT"
    kind = Government.Kind.REGION
    time_zone = "Europe/Rome"
    population = 4_460_000
    gdp_billion_usd = Decimal("190.00")
    emissions_mt_co2e = Decimal("40.00")
    industry_share_percent = Decimal("35.00")
    figures_year = 2019
    figures_source = "Regional statistics office, 2019 annual report."
    website = factory.LazyAttribute(lambda government: f"https://www.{government.slug}.example")
    summary = "A member government of the Industry Transition Platform."
    joined_on = datetime.date(2019, 4, 1)
    is_active = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Acciaierie {n}")
    slug = factory.Sequence(lambda n: f"acciaierie-{n}")
    kind = Organisation.Kind.INDUSTRY
    country = "IT"
    city = "Brescia"
    website = factory.LazyAttribute(lambda organisation: f"https://{organisation.slug}.example")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Giulia Ferraro {n}")
    # Set here, not left to save(), so that build_batch() and bulk_create() work too.
    slug = factory.LazyAttributeSequence(lambda person, n: f"{slugify(person.name)[:180]}-{n}")
    email = factory.Sequence(lambda n: f"person-{n}@example.org")
    kind = Person.Kind.GOVERNMENT_OFFICIAL
    job_title = "Energy Efficiency Officer"
    government = factory.SubFactory(GovernmentFactory)
    organisation = None
    consents_to_public_listing = True


# Events are published and a month ahead by default, in Rome's time, with aware datetimes.
def _a_month_from_now():
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"ITP workshop on industrial heat {n}")
    slug = factory.Sequence(lambda n: f"itp-workshop-industrial-heat-{n}")
    kind = Event.Kind.WORKSHOP
    status = Event.Status.PUBLISHED
    starts_at = factory.LazyFunction(_a_month_from_now)
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=8))
    time_zone = "Europe/Rome"
    venue = "Palazzo Lombardia"
    city = "Milan"
    country = "IT"
    description = "Peer learning on cutting industrial emissions while keeping jobs."
    capacity = 30

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Plenary: waste heat recovery {n}")
    kind = Session.Kind.PLENARY
    starts_at = factory.LazyAttribute(lambda session: session.event.starts_at)
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=1))
    location = "Sala Biagi"

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class RegistrationFactory(DjangoModelFactory):
    """A seat, written directly; use the services to test capacity and the waitlist."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    status = Registration.Status.REGISTERED
    # The event's one mode (in person for a hybrid one, unless given).
    mode = factory.LazyAttribute(lambda registration: registration.event.modes[0])
    waitlist_order = None


class QuestionFactory(DjangoModelFactory):
    """A registration question; a short text one by default."""

    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    label = factory.Sequence(lambda n: f"Dietary needs {n}")
    kind = Question.Kind.TEXT
    position = factory.Sequence(lambda n: n)


class AnswerFactory(DjangoModelFactory):
    """An answer, written directly; use the services to test validation."""

    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    registration = factory.SubFactory(
        RegistrationFactory, event=factory.SelfAttribute("..question.event")
    )
    value = "Vegetarian"


class MessageFactory(DjangoModelFactory):
    """A pending confirmation e-mail, recorded directly; the notifications module sends it."""

    class Meta:
        model = Message

    kind = Message.Kind.CONFIRMED
    person = factory.SubFactory(PersonFactory)
    event = factory.SubFactory(EventFactory)
    recipient = factory.LazyAttribute(lambda message: message.person.email)
    key = ""
    status = Message.Status.PENDING


def _days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


class InnovationTeamFactory(DjangoModelFactory):
    """An active team: it started a month ago and ends a year from now."""

    class Meta:
        model = InnovationTeam
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Green steel innovation team {n}")
    slug = factory.Sequence(lambda n: f"green-steel-innovation-team-{n}")
    challenge = "Cut the emissions of electric arc furnaces without closing the mills."
    theme = factory.SubFactory(ThemeFactory)
    lead_government = factory.SubFactory(GovernmentFactory)
    starts_on = factory.LazyFunction(lambda: _days_from_today(-30))
    ends_on = factory.LazyFunction(lambda: _days_from_today(365))
    summary = "Three regions pooling what they learn about low-carbon steelmaking."

    @factory.post_generation
    def member_governments(self, create, extracted, **kwargs):
        if create and extracted:
            self.member_governments.set(extracted)


class MembershipFactory(DjangoModelFactory):
    """An open-ended membership from the day the team started."""

    class Meta:
        model = Membership

    team = factory.SubFactory(InnovationTeamFactory)
    person = factory.SubFactory(PersonFactory)
    role = Membership.Role.MEMBER
    started_on = factory.LazyAttribute(lambda membership: membership.team.starts_on)
    ended_on = None


class DeliverableFactory(DjangoModelFactory):
    """A planned milestone due in two months."""

    class Meta:
        model = Deliverable

    team = factory.SubFactory(InnovationTeamFactory)
    title = factory.Sequence(lambda n: f"Roadmap for waste heat recovery, part {n}")
    kind = Deliverable.Kind.MILESTONE
    due_on = factory.LazyFunction(lambda: _days_from_today(60))
    status = Deliverable.Status.PLANNED
    completed_on = None
    summary = "Which furnaces can feed district heating, and at what cost."
    visibility = Deliverable.Visibility.TEAM_ONLY


class SecondmentFactory(DjangoModelFactory):
    """A proposed three-month placement at another government, starting in a month."""

    class Meta:
        model = Secondment

    person = factory.SubFactory(PersonFactory)
    home_government = factory.LazyAttribute(lambda secondment: secondment.person.government)
    host_government = factory.SubFactory(GovernmentFactory)
    host_organisation = None
    starts_on = factory.LazyFunction(lambda: _days_from_today(30))
    ends_on = factory.LazyAttribute(
        lambda secondment: secondment.starts_on + datetime.timedelta(days=89)
    )
    purpose = "Learn how the host region runs its hydrogen valley permitting desk."
    status = Secondment.Status.PROPOSED


class LearningFactory(DjangoModelFactory):
    """An unpublished lesson learnt, with no source."""

    class Meta:
        model = Learning
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"What we learnt from shared heat networks {n}")
    slug = factory.Sequence(lambda n: f"what-we-learnt-from-shared-heat-networks-{n}")
    summary = "Industrial parks that share one heat network cut emissions faster."
    body = "Three regions compared how their industrial parks buy and share heat."
    is_published = False
    published_on = None

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


# The smallest file a PDF reader opens: what a material's upload holds in the tests.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class MaterialFactory(DjangoModelFactory):
    """Public slides of a published event, a small PDF; ``MaterialFactory(recording=True)`` is
    a recording's link. Files go under MEDIA_ROOT, a temporary folder in the tests."""

    class Meta:
        model = Material

    class Params:
        recording = factory.Trait(
            kind=Material.Kind.RECORDING,
            file="",
            link="https://video.example.org/itp/recording",
            original_name="",
            size_bytes=None,
            content_type="",
        )

    title = factory.Sequence(lambda n: f"Slides: waste heat for district heating {n}")
    kind = Material.Kind.SLIDES
    event = factory.SubFactory(EventFactory)
    file = factory.django.FileField(filename="slides.pdf", data=MINIMAL_PDF)
    original_name = "Waste heat slides.pdf"
    size_bytes = len(MINIMAL_PDF)
    content_type = "application/pdf"
    visibility = Material.Visibility.PUBLIC


class EventReminderFactory(DjangoModelFactory):
    """A reminder a day before an event starts."""

    class Meta:
        model = EventReminder

    event = factory.SubFactory(EventFactory)
    minutes_before = 24 * 60


class MailingFactory(DjangoModelFactory):
    """A mailing as logged, written directly; ``send_mailing`` queues its messages."""

    class Meta:
        model = Mailing

    event = factory.SubFactory(EventFactory)
    audience = Mailing.Audience.ALL
    subject = factory.Sequence(lambda n: f"Practical details {n}")
    body = "The venue is a short walk from the station.\n\nSee you there."
    token = factory.Faker("uuid4", cast_to=None)


def _after_the_event(response):
    return response.registration.event.ends_at + datetime.timedelta(days=1)


class FeedbackResponseFactory(DjangoModelFactory):
    """An attendee's answer to the survey after an event that has ended."""

    class Meta:
        model = FeedbackResponse

    registration = factory.SubFactory(
        RegistrationFactory,
        status=Registration.Status.ATTENDED,
        event__starts_at=factory.LazyFunction(
            lambda: timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
        ),
    )
    rating = 4
    useful = "The site visit."
    change = "Longer breakouts."
    submitted_at = factory.LazyAttribute(_after_the_event)


class ApiTokenFactory(DjangoModelFactory):
    """A live read-only token made without its secret: for pages that list tokens. A test that
    sends a token makes it with itp.api_tokens.services.create_token, which returns the secret."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Reporting script {n}")
    scope = ApiToken.Scope.READ
    digest = factory.Sequence(lambda n: f"{n:0128x}")
    token_key = factory.Sequence(lambda n: f"{n:015x}")
    expiry = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=90))
