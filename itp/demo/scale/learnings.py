"""Scale data: learnings about governments and organisations, and where they come from."""

from itp.models import Learning
from workshops.models import Event

from .run import SLUG_PREFIX, insert, link


def create_learnings(run, count):
    """Learnings about a government, an organisation or both; most come from a past event,
    a team or a secondment, most are published."""
    rng = run.rng
    past_events = [
        event
        for event in run.events
        if event.status == Event.Status.PUBLISHED and event.ends_at <= run.now
    ]
    learnings, theme_links = [], []
    for number in range(1, count + 1):
        themes = run.some_themes(2)
        topic = run.topic(themes[0])
        about = rng.random()
        government = organisation = None
        if about < 0.75:
            government = run.governments[rng.randrange(len(run.governments))]
        if about >= 0.6:
            organisation = run.organisations[rng.randrange(len(run.organisations))]
        source = rng.random()
        source_event = source_team = source_secondment = None
        if source < 0.3 and past_events:
            source_event = rng.choice(past_events)
        elif 0.3 <= source < 0.55:
            source_team = rng.choice(run.teams)
        elif 0.55 <= source < 0.75:
            source_secondment = rng.choice(run.secondments)
        is_published = rng.random() < 0.8
        learnings.append(
            Learning(
                title=f"{topic}: lessons from {(government or organisation).name}",
                slug=f"{SLUG_PREFIX}learning-{number:04d}",
                summary=f"What the programme learned about {topic.lower()} (synthetic).",
                body="\n\n".join(run.names.paragraph() for _paragraph in range(3)),
                government=government,
                organisation=organisation,
                source_event=source_event,
                source_team=source_team,
                source_secondment=source_secondment,
                is_published=is_published,
                published_on=run.today - run.days(0, 900) if is_published else None,
            )
        )
        theme_links.append(themes)
    insert(run, "learnings", Learning, learnings, total=count)
    link(
        run,
        "learning themes",
        Learning.themes,
        (
            (learning.pk, run.themes[theme].pk)
            for learning, themes in zip(learnings, theme_links, strict=True)
            for theme in themes
        ),
    )
