from django.urls import path
from django.views.decorators.http import condition

from itp.common.caching import cached_for_visitors

from . import views
from .feeds import LearningFeed, feed_etag

app_name = "learnings"

urlpatterns = [
    path("", cached_for_visitors(views.LearningListView.as_view()), name="learning-list"),
    # Before the learnings' pages: "feed" is a word their slugs may not take (Learning.slug).
    path(
        "feed/",
        condition(etag_func=feed_etag)(cached_for_visitors(LearningFeed())),
        name="learning-feed",
    ),
    path(
        "<slug:slug>/",
        cached_for_visitors(views.LearningDetailView.as_view()),
        name="learning-detail",
    ),
]
