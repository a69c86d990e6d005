"""Every API error as RFC 9457 problem details (``application/problem+json``).

A problem has ``type`` (always ``about:blank``: the status code says what went wrong),
``title`` (the status code's name), ``status`` and ``detail`` (what to do about it, in the
request's language). A request with invalid values adds ``errors``: each field named, with its
messages, e.g. ``{"from": ["Enter a valid date."]}``.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler

# A validation error's errors outside any one field (DRF's "non_field_errors").
GENERAL_ERRORS_KEY = "non_field_errors"


class ProblemJSONRenderer(JSONRenderer):
    media_type = "application/problem+json"
    format = "problem+json"


class BodyTooLarge(exceptions.APIException):
    status_code = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request's body is too large.")
    default_code = "body_too_large"


def problem_exception_handler(exc, context):
    """DRF's exception handler, its answers rewritten as problem details.

    Side effect: the request's renderer becomes the problem renderer, so that errors read the
    same in a browser's browsable API as for a program.
    """
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        # Over DATA_UPLOAD_MAX_MEMORY_SIZE: Django would answer its HTML 400 page.
        exc = BodyTooLarge()
    response = exception_handler(exc, context)
    if response is None:
        return None
    response.data = problem_for(exc, status=response.status_code)
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = ProblemJSONRenderer.media_type
    return response


def problem_for(exc, *, status):
    """The problem details of ``exc``, an APIException answered with ``status``."""
    problem = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = str(_("Some values of the request are invalid: see errors."))
        problem["errors"] = field_errors(exc.detail)
    else:
        problem["detail"] = str(exc.detail)
    return problem


def field_errors(detail):
    """``{field: [message, ...]}`` from a ValidationError's detail, nested fields joined by dots."""
    if not isinstance(detail, dict):
        return {GENERAL_ERRORS_KEY: [str(message) for message in _flatten(detail)]}
    errors = {}
    for field, messages in detail.items():
        if isinstance(messages, dict):
            for inner, inner_messages in field_errors(messages).items():
                errors[f"{field}.{inner}"] = inner_messages
        else:
            errors[str(field)] = [str(message) for message in _flatten(messages)]
    return errors


def _flatten(messages):
    if isinstance(messages, (list, tuple)):
        for message in messages:
            yield from _flatten(message)
    elif isinstance(messages, dict):
        for inner in messages.values():
            yield from _flatten(inner)
    else:
        yield messages


def server_error(request, *args, **kwargs):
    """The site's ``handler500``: under /api/ a server error is a problem too, so that a
    program reads JSON whatever happens; elsewhere Django's 500 page (templates/500.html)."""
    if not request.path.startswith("/api/"):
        return defaults.server_error(request, *args, **kwargs)
    status = HTTPStatus.INTERNAL_SERVER_ERROR
    problem = {
        "type": "about:blank",
        "title": status.phrase,
        "status": status.value,
        "detail": str(
            _(
                "The Industry Transition Platform could not answer this request. The error has "
                "been logged; please try again in a few minutes."
            )
        ),
    }
    return JsonResponse(problem, status=status, content_type=ProblemJSONRenderer.media_type)


class ProblemSerializer(serializers.Serializer):
    """The schema of every error answer."""

    type = serializers.CharField(help_text="Always about:blank: the status says what went wrong.")
    title = serializers.CharField(help_text="The HTTP status's name.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, in the request's language.")


class ValidationProblemSerializer(ProblemSerializer):
    """The schema of a 400 answer: a problem with the invalid fields named."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each invalid query parameter or field, with its messages.",
    )
