"""The admin's export of registrations: the columns of the registrations import
(``RegistrationResource``: E-mail, Event by slug, Status) first, then what a reader of the list
needs besides (the event's title and date, the person, the place on the waitlist)."""

import datetime

from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itp.common.exporting.database import LocalDateTime
from itp.common.exporting.selections import ExtraColumn, SelectionExport, text_or_empty
from itp.common.exporting.tables import DATE, INTEGER, TEXT, Column

from .models import Mode
from .resources import RegistrationResource


class RegistrationsExport(SelectionExport):
    name = "registrations"
    title = _("Registrations")
    resource_class = RegistrationResource
    ordering = ("event__starts_at", "person__name", "pk")
    widths = {"person": 32, "event": 34, "status": 12}

    def rows_queryset(self):
        return super().rows_queryset().with_waitlist_place()

    def extra_columns(self):
        zone = timezone.get_current_timezone()
        return [
            ExtraColumn(Column(_("Event title"), TEXT, 34), "event__title"),
            # The date in UTC, as the database returns the moment.
            ExtraColumn(
                Column(_("Event date"), DATE, 12),
                "event__starts_at",
                lambda value: value.date(),
                database=TruncDate("event__starts_at", tzinfo=datetime.UTC),
            ),
            ExtraColumn(Column(_("Name"), TEXT, 26), "person__name"),
            ExtraColumn(
                Column(_("Government"), TEXT, 22), "person__government__name", text_or_empty
            ),
            ExtraColumn(
                Column(_("Organisation"), TEXT, 22), "person__organisation__name", text_or_empty
            ),
            ExtraColumn(Column(_("Mode"), TEXT, 10), "mode", lambda value: str(Mode(value).label)),
            ExtraColumn(Column(_("Waitlist place"), INTEGER, 10), "waitlist_place"),
            ExtraColumn(
                Column(_("Registered at"), DATE, 18),
                "created_at",
                lambda value: value.astimezone(zone).replace(tzinfo=None),
                database=LocalDateTime("created_at", zone),
            ),
        ]
