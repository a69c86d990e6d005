from django.urls import path

from . import views

app_name = "learnings"

urlpatterns = [
    path("", views.LearningListView.as_view(), name="learning-list"),
    path("<slug:slug>/", views.LearningDetailView.as_view(), name="learning-detail"),
]
