"""The OpenAPI schema's generator: every operation documents the problems it may answer."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.permissions import AllowAny

from itp.api.problems import ProblemSerializer, ValidationProblemSerializer

PROBLEM_MEDIA_TYPES = ["application/problem+json"]


class ProblemsAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, adding the error answers every API view can give.

    400 where the operation reads query parameters (filters, pages), 404 where it names one
    object or a page (past the last), 401 (a bad token), 405, 406 and 429 (the throttling)
    everywhere, 403 where the view is not open to anyone.
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {}
        if self._is_list_view() or self.get_filter_backends():
            errors["400"] = ValidationProblemSerializer
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            errors["404"] = ProblemSerializer
        # A wrong, revoked or expired token is refused even where no token is needed.
        errors["401"] = ProblemSerializer
        if not self._is_open_to_anyone():
            errors["403"] = ProblemSerializer
        errors["405"] = ProblemSerializer
        errors["406"] = ProblemSerializer
        errors["429"] = ProblemSerializer
        for code, serializer in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    serializer, code, media_types=PROBLEM_MEDIA_TYPES, direction=direction
                )
        return responses

    def _get_filter_parameters(self):
        """The filters' parameters, each allowed empty: a filter sent empty (``?kind=``) filters
        nothing, as if it were not sent (django-filter skips empty values)."""
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
        return parameters

    def _is_open_to_anyone(self):
        return all(isinstance(permission, AllowAny) for permission in self.view.get_permissions())


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """Personal tokens in the schema: ``Authorization: Bearer <token>`` (itp.api_tokens).

    drf-spectacular knows knox's own authentication class, not our subclass of it.
    """

    target_class = "itp.api_tokens.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Bearer"
        )
