"""/me/tokens/: mounted beside the other /me/ pages, with names like theirs (me-...)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.TokenListView.as_view(), name="me-tokens"),
    path("<int:pk>/revoke/", views.RevokeTokenView.as_view(), name="me-token-revoke"),
]
