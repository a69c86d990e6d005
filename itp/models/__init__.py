"""Programme-wide models: the themes (key areas of interest), the learnings shared, the
record of report downloads, the personal API tokens, and the materials (slides, documents,
minutes, recordings) of events, sessions and learnings.

This package imports no app module; foreign keys to app models are lazy "app.Model" strings.
"""

from .api_tokens import ApiToken, ApiTokenQuerySet
from .downloads import Report, ReportDownload
from .learnings import Learning, LearningQuerySet
from .materials import Material, MaterialQuerySet
from .themes import Theme

__all__ = [
    "ApiToken",
    "ApiTokenQuerySet",
    "Learning",
    "LearningQuerySet",
    "Material",
    "MaterialQuerySet",
    "Report",
    "ReportDownload",
    "Theme",
]
