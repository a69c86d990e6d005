from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from itp.api import event_registrations, registrations, reports, views

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.root_view_name = "root"
router.APIRootView = views.PublicAPIRootView
router.register("governments", views.GovernmentViewSet, basename="government")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("events", views.EventViewSet, basename="event")
router.register("teams", views.TeamViewSet, basename="team")
router.register("secondments", views.SecondmentViewSet, basename="secondment")
router.register("learnings", views.LearningViewSet, basename="learning")
router.register("people", views.PersonViewSet, basename="person")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("v1/", include(router.urls)),
    # With a token or a session: the signed-in person's registrations, the coordinators' report
    # figures, and an event's registrations for the staff.
    path(
        "v1/me/registrations/",
        registrations.MyRegistrationsView.as_view(),
        name="my-registrations",
    ),
    path(
        "v1/me/registrations/<int:pk>/",
        registrations.MyRegistrationView.as_view(),
        name="my-registration",
    ),
    path(
        "v1/me/registrations/<int:pk>/cancel/",
        registrations.CancelMyRegistrationView.as_view(),
        name="my-registration-cancel",
    ),
    path("v1/reports/", reports.ReportsView.as_view(), name="reports"),
    path("v1/reports/<slug:name>/", reports.ReportView.as_view(), name="report"),
    path(
        "v1/events/<slug:slug>/registrations/",
        event_registrations.EventRegistrationsView.as_view(),
        name="event-registrations",
    ),
    # Last: any other address under /api/ answers a problem, not the site's HTML 404 page.
    re_path(r"^.*$", views.UnknownRouteView.as_view(), name="unknown"),
]
