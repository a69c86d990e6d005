from django.urls import path

from itp.common.caching import cached_for_visitors

from . import feedback_views, month_views, planner_views, views

app_name = "workshops"

urlpatterns = [
    path("", cached_for_visitors(views.EventListView.as_view()), name="event-list"),
    path("calendar.ics", views.EventsFeedView.as_view(), name="events-feed"),
    # Before the event pages: "calendar" is a word events' slugs may not take (see Event.slug).
    path(
        "calendar/",
        cached_for_visitors(month_views.MonthCalendarView.as_view()),
        name="event-calendar-month",
    ),
    # Staff and coordinators only, so never cached for visitors ("planner" is reserved too).
    path("planner/", planner_views.PlannerView.as_view(), name="planner"),
    path("planner/webinar/", planner_views.StartWebinarView.as_view(), name="planner-webinar"),
    path("<slug:slug>/", cached_for_visitors(views.EventDetailView.as_view()), name="event-detail"),
    path("<slug:slug>/calendar.ics", views.EventCalendarView.as_view(), name="event-calendar"),
    path("<slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path("<slug:slug>/answers/", views.UpdateAnswersView.as_view(), name="update-answers"),
    path("<slug:slug>/cancel/", views.CancelView.as_view(), name="cancel"),
    # Personal (a signed token, no login): never cached; see workshops.feedback.
    path(
        "<slug:slug>/feedback/<str:token>/",
        feedback_views.FeedbackView.as_view(),
        name="feedback",
    ),
]

# A participant's personal feed, which the root URLs place under /me/ as "me-calendar".
personal_urlpatterns = [
    path("calendar/<str:token>.ics", views.PersonalCalendarView.as_view(), name="me-calendar"),
]
