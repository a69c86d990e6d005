from django import forms
from django.conf import settings
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .models import PERSON_BIOGRAPHY_MAX_LENGTH, Government, Person
from .selectors import government_time_zones
from .services import photo_from_upload
from .time_zones import IANA_TIME_ZONES


class GovernmentSortForm(forms.Form):
    """The order of the governments list, taken from the query string."""

    SORTS = {
        "name": ("name",),
        # Largest first; a government whose figure is not known yet comes last on every database.
        "population": (F("population").desc(nulls_last=True), "name"),
        "gdp": (F("gdp_billion_usd").desc(nulls_last=True), "name"),
        "emissions": (F("emissions_mt_co2e").desc(nulls_last=True), "name"),
    }

    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("population", _("Population, largest first")),
            ("gdp", _("GDP, largest first")),
            ("emissions", _("Emissions, largest first")),
        ],
    )

    def ordering(self):
        """The ordering for a valid form; the default (by name) otherwise."""
        sort = self.cleaned_data.get("sort") if self.is_valid() else None
        return self.SORTS.get(sort or "name")


class PersonPhotoField(forms.FileField):
    """A photo upload, checked and made into the stored photo by ``photo_from_upload``: its
    cleaned value is the resized JPEG, or None when no file was chosen.

    Not Django's ClearableFileInput: it links to the current file under MEDIA_URL, from which
    photos are never served. Forms offer a "remove the photo" box of their own."""

    widget = forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
    default_help_text = _("A JPEG, PNG or WebP image of at most 5 MB; it is resized to 400×400.")

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", self.default_help_text)
        kwargs.setdefault("label", _("Photo"))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return photo_from_upload(upload)


class PersonAdminForm(forms.ModelForm):
    """The admin's person form: the photo is checked and resized like a person's own upload,
    and removed with a box of its own."""

    photo = PersonPhotoField(required=False)
    remove_photo = forms.BooleanField(
        label=_("Remove the photo"),
        required=False,
        help_text=_("The photo's file is deleted; a new photo chosen above replaces it anyway."),
    )

    class Meta:
        model = Person
        # The admin passes its own list; these are the fields it shows.
        fields = (
            "name",
            "slug",
            "email",
            "kind",
            "job_title",
            "government",
            "organisation",
            "user",
            "consents_to_public_listing",
            "time_zone",
            "language",
            "wants_reminders",
            "wants_change_notices",
            "biography",
            "photo",
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("remove_photo") and "photo" not in self.changed_data:
            cleaned_data["photo"] = False  # what a cleared file field gives: no photo
        return cleaned_data


class PersonFilterForm(forms.Form):
    """The filters of the people list, taken from the query string. A value that is not
    valid filters nothing (the form shows why)."""

    government = forms.ChoiceField(
        label=_("Government"),
        required=False,
        error_messages={"invalid_choice": _("No member government has that address.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *Person.Kind.choices],
        error_messages={"invalid_choice": _("Choose a kind from the list.")},
    )
    # No list to choose from (there may be thousands): the people list links an
    # organisation's name to the list filtered by it.
    organisation = forms.SlugField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["government"].choices = [
            ("", _("Any government")),
            *Government.objects.order_by("name").values_list("slug", "name"),
        ]

    def filter(self, people):
        """``people`` filtered by the fields that are valid."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("government"):
            people = people.filter(government__slug=data["government"])
        if data.get("organisation"):
            people = people.filter(organisation__slug=data["organisation"])
        if data.get("kind"):
            people = people.filter(kind=data["kind"])
        return people


class ProfileForm(forms.Form):
    """A person's own choices on /me/profile/; ``update_profile`` saves them.

    The time zone is picked from a list rather than typed: the zones of the member
    governments first, since most participants live in one of them, then every IANA zone.
    """

    consents_to_public_listing = forms.BooleanField(
        label=_("List my name on the site's public pages"),
        required=False,
        help_text=_(
            "For example among the people of your government, or as a speaker on an event's "
            "agenda. Without it, public pages never show your name."
        ),
    )
    time_zone = forms.ChoiceField(
        label=_("My time zone"),
        required=False,
        # The message names no value: a refused one may be anything, of any length.
        error_messages={
            "invalid_choice": _(
                "That is not an IANA time zone name: choose one from the list, such as Europe/Rome."
            )
        },
        help_text=_("Times on /me/, in your calendar feed's agendas and in e-mails use it."),
    )
    language = forms.ChoiceField(
        label=_("My language"),
        required=False,
        # Each language named in itself, as in the menu of every page.
        choices=[("", _("As my browser asks (e-mails in English)")), *settings.LANGUAGES],
        help_text=_(
            "The site speaks it while you are signed in; e-mails and your calendar feed too."
        ),
    )
    wants_reminders = forms.BooleanField(
        label=_("E-mail me reminders before an event I have a seat at"),
        help_text=_("A week and a day ahead, unless the event has reminders of its own."),
        required=False,
    )
    wants_change_notices = forms.BooleanField(
        label=_("E-mail me when an event I registered for changes its time or place"),
        required=False,
        help_text=_("Your calendar feed shows the change either way."),
    )
    alert_themes = forms.ModelMultipleChoiceField(
        label=_("E-mail me when an event on one of these themes is published"),
        queryset=Person._meta.get_field("alert_themes").remote_field.model.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none to hear of no new events."),
        error_messages={"invalid_choice": _("Choose themes from the list.")},
    )

    biography = forms.CharField(
        label=_("Biography"),
        required=False,
        max_length=PERSON_BIOGRAPHY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "A few sentences about your work, at most 2,000 characters. Shown on your public "
            "page while you are listed."
        ),
    )
    photo = PersonPhotoField(required=False)
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        themes = self.fields["alert_themes"]
        themes.queryset = themes.queryset.model.objects.order_by("name_en")
        if not person.photo:
            del self.fields["remove_photo"]
        automatic = (
            _("Automatic: my government's (%(zone)s), else the venue's")
            % {"zone": person.government.time_zone}
            if person.government is not None
            else _("Automatic: the venue's")
        )
        common = [(zone, zone) for zone in government_time_zones()]
        self.fields["time_zone"].choices = [
            ("", automatic),
            (_("Time zones of the member governments"), common),
            (_("All time zones"), [(zone, zone) for zone in IANA_TIME_ZONES]),
        ]
