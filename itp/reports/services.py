"""Writes made by the reports: the record of each download."""

from itp.models import ReportDownload


def record_report_download(*, user, report, format, filters):
    """Record that ``user`` downloaded ``report`` in ``format`` with ``filters`` (a dict)."""
    return ReportDownload.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        report=report,
        format=format,
        filters=filters,
    )
