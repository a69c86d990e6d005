from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("teams/", views.TeamListView.as_view(), name="team-list"),
    path("teams/<slug:slug>/", views.TeamDetailView.as_view(), name="team-detail"),
    path(
        "teams/<slug:slug>/deliverables/<int:pk>/file",
        views.DeliverableFileView.as_view(),
        name="deliverable-file",
    ),
    path("secondments/", views.SecondmentListView.as_view(), name="secondment-list"),
]
