"""The site's own pages: home, health check, the governments, the people and a participant's
pages."""

from django.urls import path

from itp.common.caching import cached_for_visitors

from . import governments, home, languages, me, people

# The governments list keeps the name it has always had in templates: regions:government-list.
government_urls = (
    [
        path(
            "",
            cached_for_visitors(governments.GovernmentListView.as_view()),
            name="government-list",
        )
    ],
    "regions",
)

urlpatterns = [
    path("", cached_for_visitors(home.HomeView.as_view()), name="home"),
    path("healthz", home.HealthView.as_view(), name="healthz"),
    path(
        "governments/<slug:slug>/",
        cached_for_visitors(governments.GovernmentDetailView.as_view()),
        name="government-detail",
    ),
    path("people/", cached_for_visitors(people.PersonListView.as_view()), name="person-list"),
    path(
        "people/<slug:slug>/",
        cached_for_visitors(people.PersonDetailView.as_view()),
        name="person-detail",
    ),
    # Not cached: a photo is bytes the page cache has no business holding.
    path("people/<slug:slug>/photo/", people.PersonPhotoView.as_view(), name="person-photo"),
    # Never cached: it answers with a cookie and a redirect.
    path("i18n/setlang/", languages.set_language, name="set_language"),
    path("me/", me.MyProgrammeView.as_view(), name="me"),
    path("me/profile/", me.ProfileView.as_view(), name="me-profile"),
    path("me/calendar/reset/", me.ResetCalendarTokenView.as_view(), name="me-calendar-reset"),
]
