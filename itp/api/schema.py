"""The OpenAPI schema's generator: every operation documents the problems it may answer."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import AllowAny

from itp.api.problems import ProblemSerializer, ValidationProblemSerializer

PROBLEM_MEDIA_TYPES = ["application/problem+json"]


class ProblemsAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, adding the error answers every API view can give.

    400 where the operation reads query parameters (filters, pages), 404 where it names one
    object, 405 and 406 everywhere, 429 for the throttling; 401 and 403 where the view is not
    open to anyone.
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {}
        if self._is_list_view() or self.get_filter_backends():
            errors["400"] = ValidationProblemSerializer
        if "{" in self.path:
            errors["404"] = ProblemSerializer
        if not self._is_open_to_anyone():
            errors["401"] = ProblemSerializer
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

    def _is_open_to_anyone(self):
        return all(isinstance(permission, AllowAny) for permission in self.view.get_permissions())


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """Personal tokens (itp.api_tokens) in the schema: HTTP bearer authentication."""

    target_class = "itp.api_tokens.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created on /me/tokens/ and sent as "
            "'Authorization: Bearer <token>'. A read-only token may only read.",
        }
