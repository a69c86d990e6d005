"""A tiny API, for the tests only: one view behind the personal tokens' authentication,
scope permission and throttle, as the real API's settings will put them."""

from django.urls import path
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from itp.api_tokens.authentication import PersonalTokenAuthentication
from itp.api_tokens.permissions import TokenScopePermission
from itp.api_tokens.throttling import TokenRateThrottle


class WhoAmIView(APIView):
    authentication_classes = [PersonalTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, TokenScopePermission]
    throttle_classes = [TokenRateThrottle]

    def get(self, request):
        return Response({"username": request.user.get_username()})

    def post(self, request):
        return Response({"written": True})


urlpatterns = [path("whoami/", WhoAmIView.as_view())]
