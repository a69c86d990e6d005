from django.urls import path

from itp.common.caching import cached_for_visitors

from . import views

app_name = "learnings"

urlpatterns = [
    path("", cached_for_visitors(views.LearningListView.as_view()), name="learning-list"),
    path(
        "<slug:slug>/",
        cached_for_visitors(views.LearningDetailView.as_view()),
        name="learning-detail",
    ),
]
