"""The admin's import pages, shared by every admin that imports (see itp.imports).

Staff upload a CSV or XLSX file, see django-import-export's dry-run preview (which rows are
new, updated or unchanged, and every row's errors by column), and confirm. Only those who may
both add and change the records may import; an empty file with just the header row can be
downloaded as a template.
"""

from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from import_export.admin import ImportMixin

from .common.spreadsheets import InertCSVWriter
from .imports import FORMATS, ImportFileError

TEMPLATE_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class StaffImportMixin(ImportMixin):
    """Import for an admin whose ``resource_classes`` holds one ProgrammeResource."""

    import_formats = list(FORMATS.values())
    import_template_name = "admin/import_export/programme_import.html"
    # What the import page says about the columns and how rows are matched.
    import_help = ""

    def has_import_permission(self, request):
        # The permissions themselves, not has_add_permission(): some admins refuse adding by
        # hand (registrations go through the services) but still import.
        opts = self.opts
        return all(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("add", "change")
        )

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import-template.<str:format_name>",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_resource(self, request):
        (resource_class,) = self.get_import_resource_classes(request)
        return resource_class()

    def import_template_view(self, request, format_name):
        """The import's header row alone, as CSV or XLSX, to fill in."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if format_name not in FORMATS:
            raise Http404
        dataset = self.import_resource(request).template_dataset()
        if format_name == "csv":
            # The byte-order mark makes spreadsheet programs read the file as UTF-8.
            content = "\ufeff" + InertCSVWriter().writerow(dataset.headers)
        else:
            content = dataset.export("xlsx")
        response = HttpResponse(content, content_type=TEMPLATE_CONTENT_TYPES[format_name])
        filename = f"{self.opts.model_name}-import-template.{format_name}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_import_context_data(self, **kwargs):
        info = self.get_model_info()
        context = super().get_import_context_data(**kwargs)
        context["import_help"] = self.import_help
        context["import_templates"] = [
            (
                format_name.upper(),
                reverse(
                    "admin:{}_{}_import_template".format(*info),
                    kwargs={"format_name": format_name},
                    current_app=self.admin_site.name,
                ),
            )
            for format_name in FORMATS
        ]
        return context

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        # The upload waits for the confirmation only when there is one to give: a file with
        # errors, personal data and all, is not left behind.
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        if "confirm_form" not in context and form is not None and form.is_bound:
            upload = getattr(form, "cleaned_data", {}).get("import_file")
            stored_as = getattr(upload, "tmp_storage_name", None)
            if stored_as:
                self.get_tmp_storage_class()(
                    name=stored_as, **self.get_tmp_storage_class_kwargs()
                ).remove()
        return response

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, ImportFileError):
            form.add_error("import_file", str(error))
        else:
            super().add_data_read_fail_error_to_form(form, error)

    def process_result(self, result, request):
        # django-import-export reports success whatever the result. The confirmed import can
        # fail where its preview did not, if the records changed in between (a government
        # deleted, an event closed): then it was rolled back, and the page says so.
        if not result.is_valid():
            messages.error(
                request,
                _("Nothing was imported: %(errors)s")
                % {"errors": " ".join(result.error_lines()[:20])},
            )
            info = self.get_model_info()
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*info), current_app=self.admin_site.name)
            )
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        messages.success(
            request,
            _("Imported %(records)s: %(summary)s")
            % {"records": self.opts.verbose_name_plural, "summary": result.summary()},
        )
