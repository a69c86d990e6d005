"""The site's URLs and error handlers, with one API route and one page that fail: for the
server error tests (tests/itp/api/test_problems.py)."""

from django.urls import path

from itp.urls import handler500
from itp.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def fail(request):
    raise RuntimeError("a defect")


urlpatterns = [path("api/v1/failing/", fail), path("failing/", fail), *site_urlpatterns]
