"""Conditional GET for the API: an ETag on every successful read, 304 when the client has it."""

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe


class APIConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ConditionalGetMiddleware for the API's successful reads only, HEAD included
    (Django's answers GET alone).

    The ETag is a hash of the body, so it changes with the data, the page, the filters and the
    language (the answer varies on Accept-Language). The site's pages are left alone: they
    are cached per data version instead (itp.common.caching).
    """

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if (
            match is None
            or "api" not in match.namespaces
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
        ):
            return response
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
