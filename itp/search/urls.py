from django.urls import path

from itp.common.caching import cached_for_visitors

from . import views

urlpatterns = [
    path("", cached_for_visitors(views.SearchView.as_view()), name="search"),
]
