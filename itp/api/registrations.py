"""The signed-in participant's registrations: list, register, read one, cancel.

Every write goes through the registration service (``workshops.services``), so the capacity,
the waitlist, approval and the e-mails hold as on the event's page. A registration of another
person is not found, whatever the route.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from itp.api.event_registrations import RegistrationStatusFilter
from itp.api.filters import TrueOrFalseFilter
from itp.api.permissions import HasPersonRecord, with_defaults
from itp.api.problems import ProblemSerializer, ValidationProblemSerializer
from itp.api.registration_serializers import RegisterSerializer, RegistrationSerializer
from itp.api.schema import PROBLEM_MEDIA_TYPES
from regions.selectors import person_of
from workshops.models import Registration
from workshops.selectors import registrations_of
from workshops.services import RegistrationRefused, cancel_registration, register_for_event


class Refusal(APIException):
    """What the registration service refused, with its message: the request was understood,
    and the event's state does not allow it."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"


REGISTRATION_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The registration's id, as in its url."
)
REFUSED = {
    (409, PROBLEM_MEDIA_TYPES[0]): OpenApiResponse(
        ProblemSerializer,
        description="The registration service refused: the event is cancelled, over or not "
        "open for registration; the detail says why.",
    )
}
INVALID_BODY = {
    (400, PROBLEM_MEDIA_TYPES[0]): OpenApiResponse(
        ValidationProblemSerializer, description="The body is not valid; errors names the fields."
    ),
    (415, PROBLEM_MEDIA_TYPES[0]): OpenApiResponse(
        ProblemSerializer, description="The body is not JSON."
    ),
}


class RegistrationFilter(RegistrationStatusFilter):
    upcoming = TrueOrFalseFilter(
        method="filter_upcoming",
        help_text="true: only events that have not ended; false: only those that have.",
    )

    class Meta:
        model = Registration
        fields = ("status", "upcoming")

    def filter_upcoming(self, queryset, name, value):
        now = timezone.now()
        return (
            queryset.filter(event__ends_at__gt=now)
            if value
            else queryset.exclude(event__ends_at__gt=now)
        )


class PersonalMixin:
    """Routes for the signed-in person's own records: 403 for an account with no person."""

    permission_classes = with_defaults(HasPersonRecord)

    @cached_property
    def person(self):
        return person_of(self.request.user)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return registrations_of(self.person)


@extend_schema_view(
    get=extend_schema(
        operation_id="my_registrations_list",
        summary="My registrations",
        description="The signed-in person's registrations, soonest event first, with where "
        "each stands (registered, waitlisted with its place, awaiting approval, cancelled, "
        "attended...).",
        tags=["me"],
    ),
    post=extend_schema(
        operation_id="my_registrations_create",
        summary="Register for an event",
        description="Registers the signed-in person for a published event, or puts them on "
        "its waitlist when it is full, or sends a request when the event needs approval, as "
        "the event's page does; the person is e-mailed. Answers the registration with 201, or "
        "with 200 when the person already held it (unchanged).",
        tags=["me"],
        request=RegisterSerializer,
        responses={
            201: RegistrationSerializer,
            200: RegistrationSerializer,
            **INVALID_BODY,
            **REFUSED,
        },
    ),
)
class MyRegistrationsView(PersonalMixin, generics.ListAPIView):
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter

    def post(self, request):
        form = RegisterSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        event = form.validated_data["event"]
        # The service answers a place already held with that registration, unchanged: 200.
        held = Registration.objects.filter(
            event=event,
            person=self.person,
            status__in=Registration.Status.held,
        ).exists()
        try:
            registration = register_for_event(
                event=event,
                person=self.person,
                mode=form.validated_data.get("mode", ""),
                answers=form.validated_data["answers"],
            )
        except RegistrationRefused as refusal:
            raise Refusal(refusal.message) from None
        registration = self.get_queryset().get(pk=registration.pk)
        return Response(
            self.get_serializer(registration).data,
            status=status.HTTP_200_OK if held else status.HTTP_201_CREATED,
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="my_registrations_retrieve",
        summary="One of my registrations",
        description="One registration of the signed-in person, by id; another person's is "
        "not found.",
        tags=["me"],
        parameters=[REGISTRATION_ID],
    )
)
class MyRegistrationView(PersonalMixin, generics.RetrieveAPIView):
    serializer_class = RegistrationSerializer


@extend_schema_view(
    post=extend_schema(
        operation_id="my_registrations_cancel",
        summary="Cancel one of my registrations",
        description="Gives up the seat, the waitlist place or the request, as the event's page "
        "does: the first person waiting for a freed seat is promoted, and both are e-mailed. "
        "Cancelling a cancelled registration changes nothing. Answers the registration.",
        tags=["me"],
        parameters=[REGISTRATION_ID],
        request=None,
        responses={200: RegistrationSerializer, **REFUSED},
    )
)
class CancelMyRegistrationView(PersonalMixin, generics.GenericAPIView):
    serializer_class = RegistrationSerializer

    def post(self, request, pk):
        registration = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            cancel_registration(registration=registration)
        except RegistrationRefused as refusal:
            raise Refusal(refusal.message) from None
        registration = self.get_queryset().get(pk=pk)
        return Response(self.get_serializer(registration).data)
