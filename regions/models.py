"""Participating governments, the other organisations around the programme, and people."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from itp.common.validators import (
    validate_multiline_text,
    validate_single_line,
    validate_web_address,
)

from .holidays import validate_holiday_subdivision
from .time_zones import IANA_TIME_ZONES, validate_time_zone


class GovernmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Government(models.Model):
    """A participating state or regional government and its headline figures."""

    class Kind(models.TextChoices):
        STATE = "state", pgettext_lazy("kind of government", "State")
        PROVINCE = "province", _("Province")
        REGION = "region", _("Region")
        NATION = "nation", _("Nation")
        VOIVODESHIP = "voivodeship", _("Voivodeship")

    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[validate_single_line]
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("The IANA name of the government's time zone, e.g. Europe/Rome."),
    )
    holiday_subdivision = models.CharField(
        _("holiday subdivision"),
        max_length=20,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "The code of the government's region in the public-holiday calendar of its "
            "country, e.g. NW (North Rhine-Westphalia), SCT (Scotland), QC (Quebec), CA "
            "(California). Leave empty for the country's holidays only."
        ),
    )
    population = models.BigIntegerField(
        _("population"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    gdp_billion_usd = models.DecimalField(
        _("GDP (billion USD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    emissions_mt_co2e = models.DecimalField(
        _("emissions (Mt CO2e)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    industry_share_percent = models.DecimalField(
        _("share of emissions from industry (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    figures_year = models.PositiveSmallIntegerField(
        _("year of the figures"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    figures_source = models.TextField(
        _("source of the figures"),
        blank=True,
        validators=[validate_multiline_text],
        help_text=_("Where the figures come from."),
    )
    themes = models.ManyToManyField(
        "itp.Theme", verbose_name=_("themes of interest"), related_name="governments", blank=True
    )
    website = models.URLField(_("website"), blank=True, validators=[validate_web_address])
    summary = models.TextField(_("summary"), blank=True, validators=[validate_multiline_text])
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = GovernmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("government")
        verbose_name_plural = _("governments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(population__gte=0),
                name="government_population_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(gdp_billion_usd__gte=0),
                name="government_gdp_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(emissions_mt_co2e__gte=0),
                name="government_emissions_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(industry_share_percent__gte=0)
                & models.Q(industry_share_percent__lte=100),
                name="government_industry_share_between_0_and_100",
            ),
            models.CheckConstraint(
                condition=models.Q(time_zone__in=IANA_TIME_ZONES),
                name="government_time_zone_is_iana",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("government-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.country:
            try:
                validate_holiday_subdivision(self.country.code, self.holiday_subdivision)
            except ValidationError as error:
                raise ValidationError({"holiday_subdivision": error}) from error

    @property
    def population_millions(self):
        if self.population is None:
            return None
        return Decimal(self.population) / 1_000_000

    @property
    def industry_emissions_mt_co2e(self):
        """The part of the emissions that comes from industry, or None if a figure is missing."""
        if self.emissions_mt_co2e is None or self.industry_share_percent is None:
            return None
        return self.emissions_mt_co2e * self.industry_share_percent / 100


class Organisation(models.Model):
    """Anyone around the programme who is not a member government."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("Industry")
        RESEARCH = "research", _("Research")
        UTILITY = "utility", _("Utility")
        NGO = "ngo", _("NGO / secretariat")
        FUNDER = "funder", _("Funder")
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")

    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[validate_single_line]
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(
        _("city"), max_length=100, blank=True, validators=[validate_single_line]
    )
    website = models.URLField(_("website"), blank=True, validators=[validate_web_address])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


def new_calendar_token():
    """A secret for a person's calendar feed URL, unguessable and safe in a path."""
    return secrets.token_urlsafe(32)


def person_photo_path(person, filename):
    """Where a person's photo is stored: a random name, so that neither the person's name nor
    the address of another photo can be guessed from it. Photos are stored as JPEG."""
    return f"people/{secrets.token_hex(16)}.jpg"


PERSON_BIOGRAPHY_MAX_LENGTH = 2000
# How often a person's save makes a new slug when another person took the last one meanwhile.
SLUG_ATTEMPTS = 3


class PersonQuerySet(models.QuerySet):
    def listed(self):
        """People who consented to their name appearing on public pages."""
        return self.filter(consents_to_public_listing=True)

    # The name the government profiles used first.
    listed_publicly = listed


class Person(models.Model):
    """A government official, an expert or a member of the programme staff."""

    class Kind(models.TextChoices):
        GOVERNMENT_OFFICIAL = "government_official", _("Government official")
        INDUSTRY_EXPERT = "industry_expert", _("Industry expert")
        RESEARCH_EXPERT = "research_expert", _("Research expert")
        SYSTEMS_CHANGE_SPECIALIST = "systems_change_specialist", _("Systems change specialist")
        PROGRAMME_STAFF = "programme_staff", _("Programme staff")

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    # Made from the name, so shown and linked only for a person who consents to be listed.
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The person's page address; made from the name when left empty."),
        error_messages={
            "unique": _("Another person has this slug: leave it empty to have one made.")
        },
    )
    email = models.EmailField(
        _("e-mail address"), max_length=254, validators=[validate_single_line]
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    job_title = models.CharField(
        _("job title"), max_length=200, blank=True, validators=[validate_single_line]
    )
    # PROTECT: a government or organisation with people keeps the history of who took part.
    government = models.ForeignKey(
        Government,
        verbose_name=_("government"),
        related_name="people",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="people",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        related_name="person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    calendar_token = models.CharField(
        _("calendar feed token"),
        max_length=64,
        unique=True,
        default=new_calendar_token,
        editable=False,
        help_text=_("The secret part of the person's calendar feed address."),
    )
    consents_to_public_listing = models.BooleanField(
        _("consents to be listed publicly"),
        default=False,
        help_text=_("Without consent, public pages never show this person's name."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "The IANA time zone the person sees times in, e.g. America/Toronto; empty for "
            "their government's zone, or the venue's for someone without a government."
        ),
    )
    # Blank: the language the browser asks for, else English. Their e-mails and calendar feed
    # are written in it, and while they are signed in the site speaks it too.
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of the site, of e-mails and of the calendar feed for this person; "
            "empty for the one their browser asks for (e-mails then in English)."
        ),
    )
    # Optional e-mails only: those about the person's own registration, and an event's
    # cancellation, are always sent.
    wants_reminders = models.BooleanField(
        _("e-mail a reminder the day before"),
        default=True,
        help_text=_("A reminder a day before each event the person holds a seat at."),
    )
    wants_change_notices = models.BooleanField(
        _("e-mail when an event changes"),
        default=True,
        help_text=_("A notice when an event the person expects changes its time or place."),
    )
    # Choosing a theme is the opt-in: someone who chose none hears of no new event.
    alert_themes = models.ManyToManyField(
        "itp.Theme",
        verbose_name=_("e-mail about new events on these themes"),
        related_name="alerted_people",
        blank=True,
        help_text=_("An e-mail when an event on one of these themes is published."),
    )
    biography = models.TextField(
        _("biography"),
        blank=True,
        validators=[validate_multiline_text, MaxLengthValidator(PERSON_BIOGRAPHY_MAX_LENGTH)],
        help_text=_("A few sentences shown on the person's public page, if they are listed."),
    )
    # Checked and resized by regions.services.photo_from_upload; served only through the
    # person's page (never from MEDIA_URL), and only while they are listed.
    photo = models.ImageField(_("photo"), upload_to=person_photo_path, blank=True)

    objects = PersonQuerySet.as_manager()
    # The photo's file is replaced, and deleted, with the person's; its history would point
    # at files that no longer exist.
    history = HistoricalRecords(excluded_fields=["calendar_token", "photo"])

    class Meta:
        ordering = ["name", "email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="person_email_unique_ignoring_case",
                violation_error_message=_("A person with this e-mail address already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(time_zone="") | models.Q(time_zone__in=IANA_TIME_ZONES),
                name="person_time_zone_is_iana_or_empty",
            ),
            models.CheckConstraint(
                condition=models.Q(language="")
                | models.Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="person_language_is_the_site_s_or_empty",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.slug:
            return super().save(*args, **kwargs)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        # Another person may take the slug made here before this one is saved (two namesakes
        # added at once): then the next free one is made.
        for attempt in range(SLUG_ATTEMPTS):
            self.slug = unique_person_slug(self.name, exclude_pk=self.pk)
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                taken = Person.objects.filter(slug=self.slug).exclude(pk=self.pk).exists()
                if attempt + 1 == SLUG_ATTEMPTS or not taken:
                    raise

    def get_absolute_url(self):
        return reverse("person-detail", kwargs={"slug": self.slug})

    @property
    def affiliation(self):
        """The government or organisation the person works for, if any."""
        return self.government or self.organisation

    def preferred_time_zone(self, default):
        """The zone to show this person times in: the one they chose, else their government's,
        else ``default`` (the venue's, or None to leave it to the caller). Load ``government``
        with the person."""
        if self.time_zone:
            return self.time_zone
        if self.government is not None:
            return self.government.time_zone
        return default

    def preferred_language(self):
        """The language to write to this person in (e-mails, their calendar feed): the one
        they chose, else the site's own, English. Never that of whoever's request sends it."""
        return self.language or settings.LANGUAGE_CODE


def unique_person_slug(name, *, exclude_pk=None):
    """A slug made from ``name`` that no other person has: the name's, or the name's with the
    first free number after it (``giulia-ferraro-2``)."""
    base = slugify(name)[:190].strip("-") or "person"
    taken = set(
        Person.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug
