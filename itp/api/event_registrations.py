"""An event's registrations, for those who may view registrations in the admin."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics

from itp.api.permissions import CanViewRegistrations, with_defaults
from itp.api.registration_serializers import EventRegistrationSerializer
from itp.common.forms import INVALID_CHOICE_UNNAMED
from workshops.models import Event, Registration


class RegistrationStatusFilter(django_filters.FilterSet):
    """Registrations of one status, as the site's statuses name them."""

    status = django_filters.ChoiceFilter(
        choices=Registration.Status.choices,
        error_messages=INVALID_CHOICE_UNNAMED,
        help_text="Only registrations of this status.",
    )

    class Meta:
        model = Registration
        fields = ("status",)


@extend_schema_view(
    get=extend_schema(
        operation_id="event_registrations_list",
        summary="An event's registrations",
        description="Everyone registered for the event, waitlisted, awaiting approval or "
        "cancelled, in the order they registered, whatever the event's status. For staff who "
        "may view registrations.",
        tags=["events"],
        parameters=[
            OpenApiParameter(
                "slug", str, OpenApiParameter.PATH, description="The event's slug, as in its url."
            )
        ],
    )
)
class EventRegistrationsView(generics.ListAPIView):
    serializer_class = EventRegistrationSerializer
    filterset_class = RegistrationStatusFilter
    permission_classes = with_defaults(CanViewRegistrations)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        event = get_object_or_404(Event.objects.all(), slug=self.kwargs["slug"])
        return (
            Registration.objects.filter(event=event)
            .with_waitlist_place()
            .select_related("person__government")
            .order_by("created_at", "pk")
        )
