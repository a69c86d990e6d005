"""The admin's import pages, shared by every admin that imports (see ``reading``).

Staff upload a CSV or XLSX file, see django-import-export's dry-run preview (which rows are
new, updated or unchanged, and every row's errors by column), and confirm. Only those who may
both add and change the records may import; an empty file with just the header row can be
downloaded as a template.

A file is read within the admin's limits (``limits.ADMIN_LIMITS``), its size checked
before it is stored. Only a preview without errors keeps its upload, until it is confirmed
(``previews``); a confirmation is honoured once, and only for a preview made here.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.tmp_storages import MediaStorage

from itp.common.downloads import download
from itp.common.spreadsheets import InertCSVWriter

from . import previews as import_previews
from .formats import FORMATS
from .limits import ADMIN_LIMITS, ImportFileError

PREVIEW_GONE = gettext_lazy(
    "This preview has expired or was already imported; upload the file again."
)


class UploadForm(ImportForm):
    """The file to import, refused on its size before it is stored or read (Django keeps a
    large upload in a temporary file, not in memory, and removes it after the request)."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            ADMIN_LIMITS.check_size(upload.size)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class ConfirmationForm(ConfirmImportForm):
    """The preview's Confirm import button: the upload it names, its format and resource.

    A name that no preview has (only django-import-export's random hex names are) or a
    format or resource that the page does not offer was not written by the preview page: the
    form is invalid, and no file is read.
    """

    def __init__(self, *args, formats=(), resources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.formats = {str(index) for index in range(len(formats))}
        self.resources = {"", *(str(index) for index in range(len(resources)))}

    def clean_import_file_name(self):
        name = self.cleaned_data["import_file_name"]
        if not import_previews.is_preview_name(name):
            raise forms.ValidationError(PREVIEW_GONE)
        return name

    def clean_format(self):
        if self.cleaned_data["format"] not in self.formats:
            raise forms.ValidationError(PREVIEW_GONE)
        return self.cleaned_data["format"]

    def clean_resource(self):
        if self.cleaned_data["resource"] not in self.resources:
            raise forms.ValidationError(PREVIEW_GONE)
        return self.cleaned_data["resource"]


class StaffImportMixin(ImportMixin):
    """Import for an admin whose ``resource_classes`` holds one ProgrammeResource."""

    import_formats = list(FORMATS.values())
    import_template_name = "admin/import_export/programme_import.html"
    import_form_class = UploadForm
    confirm_form_class = ConfirmationForm
    # Where itp.common.importing.previews looks for the uploads waiting for confirmation.
    tmp_storage_class = MediaStorage
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
            content = ("\ufeff" + InertCSVWriter().writerow(dataset.headers)).encode()
        else:
            content = dataset.export("xlsx")
        return download(
            content,
            filename=f"{self.opts.model_name}-import-template.{format_name}",
            format=format_name,
        )

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

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {
            **super().get_confirm_form_kwargs(request, import_form),
            "formats": self.get_import_formats(),
            "resources": self.get_import_resource_classes(request),
        }

    def import_action(self, request, **kwargs):
        # django-import-export stores the upload before reading it. It waits only for a
        # confirmation there is to give: a file refused (unreadable, beyond a limit, with
        # errors), personal data and all, is removed at once, even when the request fails.
        upload = request.FILES.get("import_file")
        response = None
        try:
            response = super().import_action(request, **kwargs)
        finally:
            stored_as = getattr(upload, "tmp_storage_name", None)
            context = getattr(response, "context_data", None) or {}
            if stored_as and "confirm_form" not in context:
                import_previews.remove_preview(stored_as)
        if "fields_list" in context:
            # The columns the file holds, named in the reader's language (any is read): the
            # import's column names are marked with gettext_noop.
            context["fields_list"] = [
                (resource, [_(column) for column in columns])
                for resource, columns in context["fields_list"]
            ]
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Import the file of a preview, confirmed. Its upload is removed before the import
        starts, so that a second confirmation finds it gone rather than imports it again."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirmation = self.create_confirm_form(request)
        try:
            if not confirmation.is_valid():
                raise import_previews.PreviewGone
            content = import_previews.take_preview(confirmation.cleaned_data["import_file_name"])
        except import_previews.PreviewGone:
            return self.back_to_the_import_page(request, PREVIEW_GONE)
        input_format = self.get_import_formats()[int(confirmation.cleaned_data["format"])]()
        try:
            dataset = input_format.create_dataset(content)
        except ImportFileError as error:
            return self.back_to_the_import_page(request, str(error))
        result = self.process_dataset(dataset, confirmation, request, **kwargs)
        return self.process_result(result, request)

    def back_to_the_import_page(self, request, message):
        messages.error(request, message)
        info = self.get_model_info()
        return HttpResponseRedirect(
            reverse("admin:{}_{}_import".format(*info), current_app=self.admin_site.name)
        )

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
            return self.back_to_the_import_page(
                request,
                _("Nothing was imported: %(errors)s")
                % {"errors": " ".join(result.error_lines()[:20])},
            )
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        messages.success(
            request,
            _("Imported %(records)s: %(summary)s")
            % {"records": self.opts.verbose_name_plural, "summary": result.summary()},
        )
