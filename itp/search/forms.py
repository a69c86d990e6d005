"""What a search asks: the words, and the type of result to keep to."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itp.common.validators import CONTROL_CHARACTERS

from .sources import SOURCES, SOURCES_BY_NAME

# A longer query is cut to this many characters (and told so): nobody types more, and
# every character costs the database work.
LONGEST_QUERY = 200

_CONTROL_CHARACTERS = re.compile(f"[{CONTROL_CHARACTERS}]")


class SearchForm(forms.Form):
    """Never invalid: whatever arrives is made into something searchable, with ``notices``
    saying what was changed or left out."""

    q = forms.CharField(label=gettext_lazy("Search for"), required=False, strip=False)
    type = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notices = []

    def clean_q(self):
        # Controls (NUL among them, which PostgreSQL refuses in text) become spaces.
        text = " ".join(_CONTROL_CHARACTERS.sub(" ", self.cleaned_data["q"]).split())
        if len(text) > LONGEST_QUERY:
            text = text[:LONGEST_QUERY].rstrip()
            self.notices.append(
                _("Your search was cut to its first %(count)d characters.")
                % {"count": LONGEST_QUERY}
            )
        if text and not any(char.isalnum() for char in text):
            self.notices.append(_("Type a word or a name to search for."))
            text = ""
        return text

    def clean_type(self):
        name = self.cleaned_data["type"]
        if name and name not in SOURCES_BY_NAME:
            self.notices.append(
                _("There is no type of result called “%(name)s”: all types are shown.")
                % {"name": _CONTROL_CHARACTERS.sub("", name)[:40]}
            )
            return None
        return SOURCES_BY_NAME.get(name)

    def search(self):
        """The cleaned query text ("" for none) and source (None for every type)."""
        self.is_valid()
        return self.cleaned_data.get("q", ""), self.cleaned_data.get("type")


def type_choices():
    return [(source.name, source.label) for source in SOURCES]
