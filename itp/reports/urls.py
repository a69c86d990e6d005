from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("<slug:name>/", views.ReportView.as_view(), name="report"),
    re_path(
        r"^(?P<name>[-\w]+)\.(?P<format>csv|xlsx|pdf)$",
        views.ReportDownloadView.as_view(),
        name="download",
    ),
]
