"""What the site's forms and filters share."""

from django.utils.translation import gettext_lazy as _

# Django's message for a choice names the value, and a query string's value may hold
# anything; this is its message for a choice of a record, which names none.
INVALID_CHOICE_UNNAMED = {
    "invalid_choice": _("Select a valid choice. That choice is not one of the available choices.")
}
