from django.urls import path

from itp.common.caching import cached_for_visitors

from . import views

app_name = "teams"

urlpatterns = [
    path("teams/", cached_for_visitors(views.TeamListView.as_view()), name="team-list"),
    path(
        "teams/<slug:slug>/",
        cached_for_visitors(views.TeamDetailView.as_view()),
        name="team-detail",
    ),
    path(
        "teams/<slug:slug>/deliverables/<int:pk>/file",
        views.DeliverableFileView.as_view(),
        name="deliverable-file",
    ),
    path(
        "secondments/",
        cached_for_visitors(views.SecondmentListView.as_view()),
        name="secondment-list",
    ),
]
