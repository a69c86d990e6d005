from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.GovernmentListView.as_view(), name="government-list"),
]
