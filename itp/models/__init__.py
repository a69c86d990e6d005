"""Programme-wide models: the themes (key areas of interest), the learnings shared and the
record of report downloads.

This package imports no app module; foreign keys to app models are lazy "app.Model" strings.
"""

from .downloads import Report, ReportDownload
from .learnings import Learning, LearningQuerySet
from .themes import Theme

__all__ = ["Learning", "LearningQuerySet", "Report", "ReportDownload", "Theme"]
