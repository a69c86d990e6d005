from django.contrib import admin
from django.urls import include, path

from itp.site.urls import government_urls
from workshops.urls import personal_urlpatterns

urlpatterns = [
    path("", include("itp.site.urls")),
    path("governments/", include(government_urls)),
    path("", include("teams.urls")),
    path("learnings/", include("itp.learnings.urls")),
    path("materials/", include("itp.materials.urls")),
    path("reports/", include("itp.reports.urls")),
    path("events/", include("workshops.urls")),
    path("me/", include(personal_urlpatterns)),
    path("me/tokens/", include("itp.api_tokens.urls")),
    path("search/", include("itp.search.urls")),
    path("api/", include("itp.api.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

# A server error under /api/ answers a problem in JSON; elsewhere the site's 500 page.
handler500 = "itp.api.problems.server_error"
