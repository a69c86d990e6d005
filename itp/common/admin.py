"""What every admin of the site shares: form settings for web addresses, malformed input
to a change list or an action answered as a mistake, with the admin's own message or redirect,
never as a server error, and the filter by a relation to a large table."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_last_value_from_parameters, unquote
from django.contrib.admin.views.main import ERROR_FLAG, SEARCH_VAR
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import models
from django.forms import ModelMultipleChoiceField
from django.forms.utils import flatatt
from django.http import Http404
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext as _

from .validators import has_control_characters

# Addresses typed without a scheme ("www.example.org") are taken to be https.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}

# Far longer than any name, title or address searched for. A longer term makes a LIKE pattern
# SQLite refuses, and thousands of words make a query that exhausts PostgreSQL's memory.
SEARCH_TERM_MAX_LENGTH = 200


class KeyCheckingAutocompleteFieldsMixin:
    """The autocomplete fields of an admin or inline with ``KeyCheckingAutocompleteSelect``
    and its kin, and many-to-many fields that refuse a value that cannot be an id."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeyCheckingAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", KeyCheckingModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeyCheckingAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RefuseMalformedInputMixin(KeyCheckingAutocompleteFieldsMixin):
    """A base of every admin registered on the site, ahead of ``ModelAdmin``.

    Django turns most malformed change-list parameters into ``IncorrectLookupParameters``,
    which the change list answers with a redirect to itself unfiltered (``?e=1``). Some get
    past it: a date beyond the calendar from the date hierarchy
    (``?due_on__year=9999&due_on__month=12``) or from a lookup
    (``?starts_at__year=99999999999999999999999``), which fails only when the list is counted,
    a search too long for the database, and control characters, which the list would show
    back. Those get the same redirect, with a message that says why.

    Ids from the request are checked against their field before any query: an action's
    selection (refused with a message), a history page's object and version (not found), the
    values that prefill an add form (left out), and the ids an autocomplete field shows again
    when its form is refused (left out).
    """

    def get_changelist_instance(self, request):
        if len(request.GET.get(SEARCH_VAR, "")) > SEARCH_TERM_MAX_LENGTH:
            self.message_user(
                request,
                _("Searches are limited to %(limit)d characters: search for a shorter part.")
                % {"limit": SEARCH_TERM_MAX_LENGTH},
                messages.WARNING,
            )
            raise IncorrectLookupParameters("search term too long")
        # The list shows its parameters back (in the search form, for one), and nothing
        # the list offers holds a control character.
        if any(
            has_control_characters(key + "".join(values)) for key, values in request.GET.lists()
        ):
            self._say_the_list_is_unfiltered(request)
            raise IncorrectLookupParameters("control characters in the parameters")
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters:
            self._say_the_list_is_unfiltered(request)
            raise
        except (ValueError, OverflowError) as error:
            # With no parameters the request cannot be at fault: the error is a bug to see.
            if not set(request.GET) - {ERROR_FLAG}:
                raise
            self._say_the_list_is_unfiltered(request)
            raise IncorrectLookupParameters(error) from error

    def get_search_results(self, request, queryset, search_term):
        # The change list refuses such a search before it gets here; the autocomplete of
        # other admins' forms comes here directly, and finds nothing.
        if len(search_term) > SEARCH_TERM_MAX_LENGTH:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(_is_key(self.opts.pk, value) for value in selected):
            self.message_user(
                request,
                _(
                    "The selection is not valid: reload the list and select the items "
                    "again. No items have been changed."
                ),
                messages.WARNING,
            )
            # Django's change list then redirects back to itself, as for an empty selection.
            return None
        return super().response_action(request, queryset)

    def get_changeform_initial_data(self, request):
        """The add form's values prefilled from the query string, each as its field reads it;
        a value the field refuses is left out, since the widget would fail on it."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, models.ManyToManyField):
                initial[name] = [key for key in value if _is_key(field.target_field, key)]
                continue
            try:
                initial[name] = field.clean(value, None)
            except ValidationError:
                del initial[name]
        return initial

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history's view queries the id before looking at it; Django's own
        # answers an unknown id like this.
        if not _is_key(self.opts.pk, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One historical version; only admins of django-simple-history have the view."""
        history = getattr(self.model, self.opts.simple_history_manager_attribute)
        if not (
            _is_key(self.opts.pk, unquote(object_id))
            and _is_key(history.model._meta.pk, unquote(version_id))
        ):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _say_the_list_is_unfiltered(self, request):
        self.message_user(
            request,
            _(
                "The list could not be filtered that way, so it shows everything. Choose "
                "filters from the list itself."
            ),
            messages.WARNING,
        )


class RelatedAutocompleteFilter(admin.RelatedFieldListFilter):
    """A change list's filter by a relation to a large table (2,000 events, 3,000
    organisations): the sidebar shows the chosen row in a box that finds the others through
    the admin's autocomplete (the related admin's ``search_fields``), and a button to filter,
    instead of a link for every row, which costs a query of the whole table and a page no one
    can scan. ``list_filter = [("event", RelatedAutocompleteFilter)]``.

    The parameters are Django's own (``event__id__exact=N``, ``event__isnull=True``), so the
    links to a filtered list from elsewhere keep working. Without JavaScript the box is a text
    field instead (``event__matching=words``): the list keeps the rows whose event the words
    find. The admin needs ``ListFilterMediaMixin``, for the box's scripts.
    """

    template = "admin/filters/related_autocomplete.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        if not isinstance(model_admin, ListFilterMediaMixin):
            raise ImproperlyConfigured(
                f"{type(model_admin).__name__} needs ListFilterMediaMixin for its "
                "RelatedAutocompleteFilter."
            )
        self.related_admin = model_admin.admin_site.get_model_admin(field.related_model)
        if not self.related_admin.search_fields:
            raise ImproperlyConfigured(
                f"{type(self.related_admin).__name__} needs search_fields for the "
                f"RelatedAutocompleteFilter of {type(model_admin).__name__}."
            )
        # Not a lookup: taken out before Django reads the others as lookups.
        self.lookup_kwarg_matching = f"{field_path}__matching"
        self.matching = (
            get_last_value_from_parameters(params, self.lookup_kwarg_matching) or ""
        ).strip()
        params.pop(self.lookup_kwarg_matching, None)
        super().__init__(field, request, params, model, model_admin, field_path)
        # The form sent with the box cleared: the whole list.
        if self.lookup_val is not None and not any(self.lookup_val):
            self.lookup_val = None
            del self.used_parameters[self.lookup_kwarg]
        self.box_id = f"filter-{field_path}"
        self.box_attributes = flatatt(
            AutocompleteSelect(field, model_admin.admin_site).build_attrs(
                {}, {"id": self.box_id, "name": self.lookup_kwarg}
            )
        )

    def has_output(self):
        return True

    def field_choices(self, field, request, model_admin):
        """Only the chosen rows: the others are found by searching."""
        target = field.target_field
        chosen = [key for key in self.lookup_val or () if _is_key(target, key)]
        if not chosen:
            return []
        return field.get_choices(
            include_blank=False, limit_choices_to={f"{target.attname}__in": chosen}
        )

    def expected_parameters(self):
        return [*super().expected_parameters(), self.lookup_kwarg_matching]

    def queryset(self, request, queryset):
        queryset = super().queryset(request, queryset)
        if not self.matching:
            return queryset
        found, _duplicates = self.related_admin.get_search_results(
            request, self.field.related_model._default_manager.all(), self.matching
        )
        return queryset.filter(**{f"{self.field_path}__in": found.values("pk")})

    def choices(self, changelist):
        """The links under the box: all, the chosen row, the words searched, none."""
        own = [self.lookup_kwarg, self.lookup_kwarg_isnull, self.lookup_kwarg_matching]
        self.kept_parameters = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name not in own
            for value in values
        ]
        choices = list(super().choices(changelist))
        choices[0]["query_string"] = changelist.get_query_string(remove=own)
        if self.matching:
            choices[0]["selected"] = False
            choices.insert(
                1,
                {
                    "selected": True,
                    "query_string": changelist.get_query_string(),
                    "display": _("found by “%(words)s”") % {"words": self.matching},
                },
            )
        return choices


class ListFilterMediaMixin:
    """For an admin whose change list has a ``RelatedAutocompleteFilter``: the scripts and
    styles of the admin's autocomplete (select2, vendored with Django) on its pages."""

    @property
    def media(self):
        media = super().media
        filters = [entry[1] for entry in self.list_filter if isinstance(entry, list | tuple)]
        if any(issubclass(each, RelatedAutocompleteFilter) for each in filters):
            # The widget's media depend on neither the field nor the site.
            media += AutocompleteSelect(None, None).media
        return media


class KeyCheckingModelMultipleChoiceField(ModelMultipleChoiceField):
    """Refuses a value that cannot be an id as invalid, before Django's field looks it up: a
    number beyond the column's range fails in the database rather than as a form error."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        target = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for key in value:
            if not _is_key(target, str(key)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return super()._check_values(value)


class _KeyCheckingAutocompleteMixin:
    """An autocomplete widget that looks up only values that can be ids: Django's looks up
    whatever was posted to show the choice again, and fails on ``abc`` for a number.

    Given ``loaded_choices`` (by ``LoadedChoicesInlineMixin``), it shows the chosen rows
    from those instead of querying them."""

    loaded_choices = None

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        value = [key for key in value if key in ("", None) or _is_key(target, str(key))]
        if self.loaded_choices is not None:
            groups = self._optgroups_of_loaded_choices(name, value)
            if groups is not None:
                return groups
        return super().optgroups(name, value, attr)

    def _optgroups_of_loaded_choices(self, name, value):
        """Django's options, from the loaded rows; ``None`` when a chosen key is not among
        them (a form sent back with other choices)."""
        field = self.choices.field
        key_name = self.field.target_field.attname
        loaded = {str(getattr(row, key_name)): row for row in self.loaded_choices}
        chosen = {str(key) for key in value if str(key) not in field.empty_values}
        if not chosen <= loaded.keys():
            return None
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key, row in loaded.items():
            if key in chosen:
                label = field.label_from_instance(row)
                options.append(self.create_option(name, key, label, True, len(options)))
        return [(None, options, 0)]


class LoadedChoicesInlineMixin(KeyCheckingAutocompleteFieldsMixin):
    """For an inline whose rows each have autocomplete boxes (a session's speakers, a
    member): each box shows its chosen rows from those the inline's ``get_queryset`` loaded
    with its own rows (``select_related``, ``prefetch_related``), where Django's would query
    them for every row: a page costs the same queries for 5 rows or 50."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        names = [
            name
            for name in self.get_autocomplete_fields(request)
            if name in formset.form.base_fields
        ]

        class LoadedChoicesFormSet(formset):
            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                if form.instance.pk is not None:
                    for name in names:
                        _show_loaded_choices(form, name)
                return form

        return LoadedChoicesFormSet


def _show_loaded_choices(form, name):
    widget = form.fields[name].widget
    widget = getattr(widget, "widget", widget)  # within the admin's links to add and change
    if not isinstance(widget, _KeyCheckingAutocompleteMixin):
        return
    related = getattr(form.instance, name)
    if hasattr(related, "all"):
        widget.loaded_choices = list(related.all())
    else:
        widget.loaded_choices = [] if related is None else [related]


class KeyCheckingAutocompleteSelect(_KeyCheckingAutocompleteMixin, AutocompleteSelect):
    pass


class KeyCheckingAutocompleteSelectMultiple(
    _KeyCheckingAutocompleteMixin, AutocompleteSelectMultiple
):
    pass


def _is_key(field, value):
    """Whether ``value`` (a string from a request) can be a value of the key ``field``."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class LanguageNamedLabelsMixin:
    """For an admin of translated content (modeltranslation's ``TranslationAdmin`` and
    inlines): label each language's box with the field and the language's own name, "Title
    (Deutsch)", rather than a code in brackets."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        translated = getattr(db_field, "translated_field", None)
        if formfield is not None and translated is not None:
            language = dict(settings.LANGUAGES).get(db_field.language, db_field.language)
            formfield.label = capfirst(format_lazy("{} ({})", translated.verbose_name, language))
        return formfield
