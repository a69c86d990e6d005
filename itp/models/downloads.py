"""Who may export the coordinators' reports, and the record of each download."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """Not a table: the holder of the permission to see and export the coordinators' reports."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("export_reports", _("Can see and export the programme's reports"))]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return str(self._meta.verbose_name)


class ReportDownloadManager(models.Manager):
    def record(self, *, user, report, format, filters):
        """Record that ``user`` downloaded ``report`` (a report's or an export's name) in
        ``format`` with ``filters`` (a dict); an anonymous user is recorded as nobody.
        Writes one row."""
        return self.create(
            user=user if user is not None and user.is_authenticated else None,
            report=report,
            format=format,
            filters=filters,
        )


class ReportDownload(models.Model):
    """One download of a report: who, which report in which format, with which filters."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="report_downloads",
        on_delete=models.SET_NULL,
        null=True,
    )
    report = models.CharField(_("report"), max_length=50)
    format = models.CharField(_("format"), max_length=10)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("downloaded at"), auto_now_add=True, db_index=True)

    objects = ReportDownloadManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report download")
        verbose_name_plural = _("report downloads")

    def __str__(self):
        return f"{self.report}.{self.format} ({self.created_at:%Y-%m-%d %H:%M})"
