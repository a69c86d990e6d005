"""Conditional GET for the API: an ETag on every successful read, 304 when the client has it."""

from django.middleware.http import ConditionalGetMiddleware


class APIConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ConditionalGetMiddleware, for the API's answers only.

    The ETag is a hash of the body, so it changes with the data, the page, the filters and the
    language (the answer varies on Accept-Language). The site's pages are left alone: they
    are cached per data version instead (itp.common.caching).
    """

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is None or "api" not in match.namespaces or response.status_code != 200:
            return response
        return super().process_response(request, response)
