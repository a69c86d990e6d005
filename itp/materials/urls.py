from django.urls import path

from . import views

app_name = "materials"

# Never cached: what a download answers depends on who asks.
urlpatterns = [
    path("<uuid:key>/", views.MaterialDownloadView.as_view(), name="download"),
]
