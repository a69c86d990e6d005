"""The API's views: thin read-only viewsets over the apps' selectors and QuerySet methods."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView
from rest_framework.views import APIView


class PublicAPIRootView(APIRootView):
    """The list of the API's collections, open to anyone like the collections themselves."""

    permission_classes = [AllowAny]


@extend_schema(exclude=True)
class UnknownRouteView(APIView):
    """Any address under /api/ that names nothing: a problem 404, whatever the method."""

    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound(_("Nothing here: the API's addresses are listed at /api/v1/."))
