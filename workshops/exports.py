"""The admin's export of registrations: the columns of the registrations import
(``RegistrationResource``: E-mail, Event by slug, Status) first, then what a reader of the list
needs besides (the event's title and date, the person, the place on the waitlist, the answers
to the event's registration questions)."""

import datetime

from django.db.models import (
    Aggregate,
    Case,
    F,
    OuterRef,
    RowRange,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat, TruncDate
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from itp.common.exporting.database import LocalDateTime
from itp.common.exporting.selections import ExtraColumn, SelectionExport, text_or_empty
from itp.common.exporting.tables import DATE, INTEGER, TEXT, Column

from .models import Answer, Mode
from .resources import RegistrationResource

# Between two answers in the one cell that holds them.
ANSWER_SEPARATOR = "; "


class JoinedText(Aggregate):
    """Texts joined by ``ANSWER_SEPARATOR``: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite.
    Used as a window function, whose ORDER BY both databases honour (SQLite before 3.44
    takes none inside an aggregate)."""

    function = "STRING_AGG"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression, Value(ANSWER_SEPARATOR))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def answers_text():
    """A registration's answers as one text, "Dietary needs: Vegan; Visa letter?: Yes", in
    the order of the event's questions: a subquery, so that the database writes the cell
    as it writes the others."""
    answer = Case(
        When(question__kind="yes_no", value="yes", then=Value(gettext("Yes"))),
        When(question__kind="yes_no", value="no", then=Value(gettext("No"))),
        default=F("value"),
        output_field=TextField(),
    )
    line = Concat("question__label", Value(": "), answer, output_field=TextField())
    joined = Window(
        JoinedText(line),
        order_by=("question__position", "question__pk"),
        frame=RowRange(start=None, end=None),
    )
    answers = (
        Answer.objects.filter(registration=OuterRef("pk"))
        .annotate(text=joined)
        .order_by()
        .values("text")[:1]
    )
    return Subquery(answers, output_field=TextField())


class RegistrationsExport(SelectionExport):
    name = "registrations"
    title = _("Registrations")
    resource_class = RegistrationResource
    ordering = ("event__starts_at", "person__name", "pk")
    widths = {"person": 32, "event": 34, "status": 12}

    def rows_queryset(self):
        queryset = super().rows_queryset()
        return queryset.with_waitlist_place().annotate(answers_text=answers_text())

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
            ExtraColumn(
                Column(_("Mode"), TEXT, 10),
                "mode",
                lambda value: str(Mode(value).label),
                database=Case(
                    *(When(mode=stored, then=Value(str(label))) for stored, label in Mode.choices),
                    default=F("mode"),
                    output_field=TextField(),
                ),
            ),
            ExtraColumn(Column(_("Waitlist place"), INTEGER, 10), "waitlist_place"),
            ExtraColumn(
                Column(_("Registered at"), DATE, 18),
                "created_at",
                lambda value: value.astimezone(zone).replace(tzinfo=None),
                database=LocalDateTime("created_at", zone),
            ),
            ExtraColumn(Column(_("Answers"), TEXT, 40), "answers_text", text_or_empty),
        ]
