"""Every report, by the name in its URL (/reports/<name>/): the one list that the dashboard,
the views and the export command read."""

from .attendance import Attendance
from .feedback import Feedback
from .participation import Participation
from .secondments import Secondments
from .summary import ProgrammeSummary
from .teams import Teams

REPORTS = {
    report.name: report
    for report in (ProgrammeSummary, Participation, Attendance, Teams, Secondments, Feedback)
}
