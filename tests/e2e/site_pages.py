"""The pages the browser tests visit, shared by the accessibility and layout tests."""

# Every public page, in each state worth seeing: lists, a detail of each kind, a filtered
# schedule, an event shown in the viewer's time zone, the login form and a missing page.
PUBLIC_PAGES = [
    "/",
    "/governments/",
    "/governments/lombardy/",
    "/events/",
    "/events/?theme=sustainable-hydrogen",
    "/events/milan-kick-off-workshop-2019/",
    "/events/webinar-hydrogen-valleys/?tz=America/Toronto",
    "/teams/",
    "/teams/energy-efficiency-in-energy-intensive-industry/",
    "/secondments/",
    "/learnings/",
    "/learnings/irecovery-waste-heat-ori-martin/",
    "/people/",
    "/people/paolo-martinelli/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/events/no-such-event/",
    "/events/calendar/",
    "/events/calendar/?month=2019-04",
    "/search/?q=hydrogen",
    # A survey link that is not valid (the survey itself: tests/e2e/test_feedback.py).
    "/events/milan-kick-off-workshop-2019/feedback/not-a-valid-link/",
]
