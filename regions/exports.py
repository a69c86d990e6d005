"""The admin's export of people: the columns of the people import (``PersonResource``), so
that an exported file can be corrected and imported again."""

from django.utils.translation import gettext_lazy as _

from itp.common.exporting.selections import SelectionExport

from .resources import PersonResource


class PeopleExport(SelectionExport):
    name = "people"
    title = _("People")
    resource_class = PersonResource
    ordering = ("name", "pk")
    widths = {
        "name": 26,
        "email": 32,
        "kind": 22,
        "job_title": 30,
        "government": 22,
        "organisation": 22,
        "consents_to_public_listing": 10,
    }
