"""The admin's "Export selected" actions: the chosen rows written by the reports' writers."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from itp.models import ReportDownload

from .writers import download_export


class ExportSelectedMixin:
    """Admin actions that export the selected rows as ``export_class`` (an ``Export`` made
    from a queryset) to CSV or XLSX, for holders of the export permission only; each export is
    recorded like a report download. List ``export_csv`` and ``export_xlsx`` in ``actions``."""

    export_class = None

    def has_export_permission(self, request):
        return request.user.has_perm("itp.export_reports")

    @admin.action(description=_("Export selected to CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export selected to XLSX"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    def _export(self, request, queryset, format):
        export = self.export_class(queryset)
        ReportDownload.objects.record(
            user=request.user,
            report=export.name,
            format=format,
            filters={"selected": queryset.count()},
        )
        return download_export(export, format)
