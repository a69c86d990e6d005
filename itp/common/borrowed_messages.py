"""Messages that installed apps show but their own catalogues lack.

django-simple-history's history page and django-axes' filter mark these texts, yet their
catalogues hold no translation of them for some of our languages. Marked here, makemessages
puts them into the project's catalogues, which Django reads before any app's
(LOCALE_PATHS), so they are translated with the rest of the interface. Nothing imports this
module: it exists to be read by makemessages.
"""

from django.utils.translation import gettext_noop

MESSAGES = (
    # simple_history/templates/simple_history/object_history_list.html
    gettext_noop("Changes"),
    gettext_noop("None"),
    # axes/admin.py: the "Locked out" filter of the access attempts
    gettext_noop("Locked Out"),
)
