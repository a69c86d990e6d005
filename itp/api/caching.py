"""The public collections' JSON answers cached under the data version, as the public pages are
(itp.common.caching): any write to the programme's data moves the version, so an edit shows on
the next request, and ``PAGE_CACHE_SECONDS`` bounds only what no write moves (a team's current
members change with the date).

The answer is kept as the JSON it was rendered to, under the version, the address (the page
and the filters; the host, which the answer's links name) and the language. It is the same
for everyone who may read it, so a signed-in reader is served from the cache too. What comes
before the view still runs on every request: the authentication (a bad token is still a 401),
the throttling (a cached answer still counts), the content negotiation and the conditional GET
(itp/api/conditional.py). Only the JSON renderer's answers are kept: the browsable API's page
carries its reader's CSRF token and name.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language
from rest_framework.renderers import JSONRenderer

from itp.common.caching import LONGEST_CACHED_QUERY, data_version


class CachedPublicReadsMixin:
    """For a read-only viewset whose answers are the same for every reader: its list and
    detail answers in JSON come from the cache under the data version."""

    def list(self, request, *args, **kwargs):
        return self.cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.cached(super().retrieve, request, *args, **kwargs)

    def cached(self, handler, request, *args, **kwargs):
        """``handler``'s answer, from the cache when it is there; a fresh 200 is stored. Any
        other answer (a bad filter, an unknown slug) is raised or returned as it comes."""
        renderer = request.accepted_renderer
        if (
            not isinstance(renderer, JSONRenderer)
            or len(request.META.get("QUERY_STRING", "")) > LONGEST_CACHED_QUERY
        ):
            return handler(request, *args, **kwargs)
        key = self.cache_key(request)
        stored = cache.get(key)
        if stored is None:
            response = handler(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            content = renderer.render(
                response.data, request.accepted_media_type, self.get_renderer_context()
            )
            stored = (content, content_type(renderer, request.accepted_media_type))
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        content, answer_type = stored
        return HttpResponse(content, content_type=answer_type)

    def cache_key(self, request):
        address = "\x1f".join([request.build_absolute_uri(), request.accepted_media_type])
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"api:{data_version()}:{get_language()}:{digest}"


def content_type(renderer, media_type):
    """The Content-Type DRF's Response gives an answer rendered by ``renderer``."""
    return f"{media_type}; charset={renderer.charset}" if renderer.charset else media_type
