"""The download of a material's file, checked like the pages that list it."""

import logging

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views import View

from itp.models import Material

logger = logging.getLogger(__name__)


class MaterialDownloadView(View):
    """A material's file, as an attachment under its original name.

    Files are never served from the media folder: a material that ``request.user`` may not see
    (``Material.objects.visible_to``) is a 404, exactly as if it did not exist, and so is a
    recording, whose link the pages show instead.
    """

    http_method_names = ["get", "head"]

    def get(self, request, key):
        material = get_object_or_404(
            Material.objects.visible_to(request.user).exclude(file=""), uuid=key
        )
        try:
            handle = material.file.open("rb")
        except FileNotFoundError as missing:
            logger.error("The file of material %s is missing: %s", material.pk, material.file)
            raise Http404 from missing
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=material.original_name or material.file.name.rpartition("/")[2],
            content_type=material.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        # Opened in a tab all the same, the file can run no script and reach nothing.
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        # No shared cache keeps a copy: who may have it can change with the next edit.
        patch_cache_control(response, private=True)
        if material.is_restricted:
            patch_cache_control(response, no_store=True)
        return response
