from django.contrib import admin
from django.urls import include, path

from workshops.views import PersonalCalendarView

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("governments/", include("regions.urls")),
    path("events/", include("workshops.urls")),
    path("me/", views.MyProgrammeView.as_view(), name="me"),
    path("me/calendar/reset/", views.ResetCalendarTokenView.as_view(), name="me-calendar-reset"),
    path("me/calendar/<str:token>.ics", PersonalCalendarView.as_view(), name="me-calendar"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
