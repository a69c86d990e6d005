"""The API's views: thin read-only viewsets over the apps' selectors and QuerySet methods.

Each list is ordered to the last tie (the primary key), so that pages never skip or repeat a
row, and loads what it shows in a fixed number of queries, however long the page.
"""

from django.db.models import Prefetch
from django.http import HttpResponsePermanentRedirect
from django.urls import resolve
from django.utils import timezone
from django.utils.http import escape_leading_slashes
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView
from rest_framework.views import APIView

from itp.api import filters, serializers
from itp.api.caching import CachedPublicReadsMixin
from itp.models import Learning, Theme
from itp.site.people import listed_people_for_pages
from regions.models import Government
from teams import selectors as team_selectors
from teams.models import Deliverable, Membership
from workshops import selectors as event_selectors


class PublicAPIRootView(APIRootView):
    """The list of the API's collections, open to anyone like the collections themselves."""

    permission_classes = [AllowAny]


@extend_schema(exclude=True)
class UnknownRouteView(APIView):
    """Any address under /api/ that names nothing: a problem 404, whatever the method.

    A read of an address that lacks only its final slash is sent on to it, as Django's
    APPEND_SLASH does for the site (which it cannot do here: this view matches everything).
    """

    permission_classes = [AllowAny]

    def answer(self, request, *args, **kwargs):
        path = request.path_info
        if request.method in ("GET", "HEAD") and not path.endswith("/"):
            match = resolve(path + "/")
            if match.url_name != "unknown":
                return HttpResponsePermanentRedirect(escape_leading_slashes(self.slashed(request)))
        raise NotFound(_("Nothing here: the API's addresses are listed at /api/v1/."))

    get = head = post = put = patch = delete = options = answer

    @staticmethod
    def slashed(request):
        query = request.META.get("QUERY_STRING", "")
        return request.path + "/" + (f"?{query}" if query else "")


class PublicViewSet(CachedPublicReadsMixin, viewsets.ReadOnlyModelViewSet):
    """A public collection: anyone may read it, nobody may change it through the API. Its
    answers are the same for every reader, cached under the data version (itp/api/caching.py).
    """

    permission_classes = [AllowAny]
    lookup_field = "slug"


def documented(name, plural, *, about, detail_by="slug"):
    """The schema's summary and description of a collection's list and detail operations."""
    return extend_schema_view(
        list=extend_schema(summary=f"List {plural}", description=about),
        retrieve=extend_schema(
            summary=f"Read one {name}",
            description=f"{about} One {name}, named by its {detail_by}.",
            parameters=[
                OpenApiParameter(
                    detail_by if detail_by == "slug" else "id",
                    int if detail_by == "id" else str,
                    OpenApiParameter.PATH,
                    description=f"The {name}'s {detail_by}, as in its url.",
                )
            ],
        ),
    )


@documented(
    "government",
    "governments",
    about="The active member governments, by name, with their headline figures. A former "
    "member's detail is still readable.",
)
class GovernmentViewSet(PublicViewSet):
    serializer_class = serializers.GovernmentSerializer

    def get_queryset(self):
        governments = Government.objects.prefetch_related("themes").order_by("name", "pk")
        return governments.active() if self.action == "list" else governments


@documented("theme", "themes", about="The programme's themes (key areas of interest), by name.")
class ThemeViewSet(PublicViewSet):
    serializer_class = serializers.ThemeSerializer
    queryset = Theme.objects.order_by("name_en", "pk")


@documented(
    "event",
    "events",
    about="Published and cancelled events with their agenda, the earliest first. Times are "
    "in the event's own time zone, named by time_zone. Drafts and online join links never "
    "appear; speakers are named only if they agreed to be listed.",
)
class EventViewSet(PublicViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self):
        return event_selectors.events_for_page().order_by("starts_at", "pk")


@documented(
    "team",
    "teams",
    about="The innovation teams, by name: their challenge, governments, current members "
    "who agreed to be listed (others appear as null) and public deliverables.",
)
class TeamViewSet(PublicViewSet):
    serializer_class = serializers.TeamSerializer

    def get_queryset(self):
        today = timezone.localdate()
        members = (
            Membership.objects.current(today)
            .select_related("person")
            .order_by(team_selectors.ROLE_ORDER, "person__name", "pk")
        )
        deliverables = Deliverable.objects.public().order_by("due_on", "title", "pk")
        return (
            team_selectors.teams_for_list()
            .prefetch_related(
                Prefetch("memberships", queryset=members, to_attr="current_memberships"),
                Prefetch("deliverables", queryset=deliverables, to_attr="public_deliverables"),
            )
            .order_by("name_en", "pk")
        )


@documented(
    "secondment",
    "secondments",
    about="Approved, under way and completed secondments, the latest first. The person is "
    "named only if they agreed to be listed.",
    detail_by="id",
)
class SecondmentViewSet(PublicViewSet):
    serializer_class = serializers.SecondmentSerializer
    lookup_field = "pk"

    def get_queryset(self):
        return team_selectors.public_secondments().order_by("-starts_on", "pk")


@documented("learning", "learnings", about="Published learnings, the latest first.")
class LearningViewSet(PublicViewSet):
    serializer_class = serializers.LearningSerializer

    def get_queryset(self):
        return (
            Learning.objects.published()
            .select_related(
                "government", "organisation", "source_event", "source_team", "source_secondment"
            )
            .prefetch_related("themes")
            .order_by("-published_on", "title_en", "pk")
        )


@documented(
    "person",
    "people",
    about="The people who agreed to be listed publicly, by name. Nobody else appears.",
)
class PersonViewSet(PublicViewSet):
    serializer_class = serializers.PersonSerializer

    def get_queryset(self):
        return listed_people_for_pages()
