"""The demo's survey answers: what eight attendees of the Milan kick-off workshop thought."""

import datetime

from workshops.models import FeedbackResponse, Registration

MILAN = "milan-kick-off-workshop-2019"

# rating, what was useful, what to change: one answer per attendee, in the order of their
# e-mail addresses.
ANSWERS = [
    (5, "The site visit to ORI Martin: seeing iRecovery at work made the case better than "
        "any slide.", "More time in the breakouts; they ended just as they got going."),
    (4, "Meeting peers who face the same questions about heat recovery.", ""),
    (5, "The breakout on sustainable hydrogen gave us three contacts to follow up.",
        "Share the slides before the workshop, not after."),
    (3, "The plenary on the programme's ambition.",
        "The agenda was too full; fewer sessions, more discussion."),
    (4, "", "A shorter bus ride to Brescia, or an earlier start."),
    (5, "Choosing the innovation teams' challenges together.", ""),
    (4, "Concrete examples of finance models from other regions.",
        "Interpretation for the site visit would help."),
    (2, "", "Too little on small and medium-sized firms."),
]  # fmt: skip


def load_demo_feedback():
    """Give the first attendees of the Milan workshop (by e-mail address) their answers,
    unless they have one already: a second run changes nothing."""
    attendees = (
        Registration.objects.filter(event__slug=MILAN, status=Registration.Status.ATTENDED)
        .select_related("event")
        .order_by("person__email")[: len(ANSWERS)]
    )
    for index, (registration, (rating, useful, change)) in enumerate(
        zip(attendees, ANSWERS, strict=False)
    ):
        FeedbackResponse.objects.get_or_create(
            registration=registration,
            defaults={
                "rating": rating,
                "useful": useful,
                "change": change,
                "submitted_at": registration.event.ends_at
                + datetime.timedelta(days=1, hours=index),
            },
        )
