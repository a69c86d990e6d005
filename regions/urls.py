from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.GovernmentListView.as_view(), name="government-list"),
    path("<slug:slug>/", views.GovernmentDetailView.as_view(), name="government-detail"),
]
