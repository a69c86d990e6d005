from django.contrib import admin
from django.urls import include, path

from workshops.views import PersonalCalendarView

from . import views

learning_urls = (
    [
        path("", views.LearningListView.as_view(), name="learning-list"),
        path("<slug:slug>/", views.LearningDetailView.as_view(), name="learning-detail"),
    ],
    "learnings",
)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("governments/", include("regions.urls")),
    # The profile shows teams and events too, so it is composed here (see the view).
    path(
        "governments/<slug:slug>/",
        views.GovernmentDetailView.as_view(),
        name="government-detail",
    ),
    path("", include("teams.urls")),
    path("learnings/", include(learning_urls)),
    path("reports/", include("itp.reports.urls")),
    path("events/", include("workshops.urls")),
    path("me/", views.MyProgrammeView.as_view(), name="me"),
    path("me/profile/", views.ProfileView.as_view(), name="me-profile"),
    path("me/calendar/reset/", views.ResetCalendarTokenView.as_view(), name="me-calendar-reset"),
    path("me/calendar/<str:token>.ics", PersonalCalendarView.as_view(), name="me-calendar"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
