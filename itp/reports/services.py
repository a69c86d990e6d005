"""Writes made by the reports: the record of each download."""

from itp.models import ReportDownload


def record_report_download(*, user, report, format, filters):
    """Record that ``user`` downloaded ``report`` in ``format`` with ``filters`` (a dict), as
    ``ReportDownload.objects.record`` writes every download and export. Writes one row."""
    return ReportDownload.objects.record(user=user, report=report, format=format, filters=filters)
