"""Scale data: innovation teams, their memberships and deliverables, and secondments."""

import datetime

from teams.models import Deliverable, InnovationTeam, Membership, Secondment

from .run import EMAIL_DOMAIN, SLUG_PREFIX, insert, link, spread, unique_name


def create_teams(run, count):
    """Innovation teams of a lead and two to five member governments; most under way, some
    forming, some concluded (the status follows from the dates)."""
    rng = run.rng
    governments = len(run.governments)
    used = set(InnovationTeam.objects.values_list("name", flat=True))
    for number in range(1, count + 1):
        theme = rng.randrange(len(run.themes))
        topic = run.topic(theme)
        lead = rng.randrange(governments)
        others = rng.sample(range(governments), min(governments, rng.randint(3, 6)))
        members = [government for government in others if government != lead][:5]
        if rng.random() < 0.9:
            starts_on = run.today - run.days(0, 900)
        else:
            starts_on = run.today + run.days(10, 120)
        ends_on = None if rng.random() < 0.4 else starts_on + run.days(180, 900)
        run.teams.append(
            InnovationTeam(
                name=unique_name(
                    used,
                    lambda topic=topic, country=run.governments[lead].country: (
                        f"{run.place_name(country)} team on {topic.lower()}"
                    ),
                ),
                slug=f"{SLUG_PREFIX}team-{number:04d}",
                challenge=f"How can industry and government make {topic.lower()} work at scale?",
                theme=run.themes[theme],
                lead_government=run.governments[lead],
                starts_on=starts_on,
                ends_on=ends_on,
                summary=f"A synthetic innovation team on {topic.lower()}.",
            )
        )
        run.team_governments.append([lead, *members])
        run.team_themes.append(theme)
    insert(run, "teams", InnovationTeam, run.teams, total=count)
    link(
        run,
        "team member governments",
        InnovationTeam.member_governments,
        (
            (team.pk, run.governments[government].pk)
            for team, governments in zip(run.teams, run.team_governments, strict=True)
            for government in governments[1:]
        ),
    )


def create_memberships(run, count):
    """Memberships shared evenly among the teams: distinct people per team, most of them
    officials of the team's governments, the first one the lead; some have ended."""
    rng = run.rng
    per_team = spread(count, [1] * len(run.teams), cap=len(run.person_pks))

    def memberships():
        for team, governments, members in zip(
            run.teams, run.team_governments, per_team, strict=True
        ):
            for position, person in enumerate(_team_members(run, governments, members)):
                if position == 0:
                    role = Membership.Role.LEAD
                else:
                    role = run.choose(
                        (
                            (Membership.Role.MEMBER, 80),
                            (Membership.Role.EXPERT_ADVISER, 13),
                            (Membership.Role.SYSTEMS_CHANGE_COACH, 7),
                        )
                    )[0]
                started_on = team.starts_on + run.days(0, 60)
                ended_on = started_on + run.days(30, 400) if rng.random() < 0.15 else None
                yield Membership(
                    team_id=team.pk,
                    person_id=run.person_pks[person],
                    role=role,
                    started_on=started_on,
                    ended_on=ended_on,
                )

    insert(run, "memberships", Membership, memberships(), total=sum(per_team))


def _team_members(run, governments, count):
    """``count`` distinct people (indexes): about 70 % from the team's governments."""
    rng = run.rng
    people = len(run.person_pks)
    pool = [
        person
        for government in governments
        for person in run.people_by_government.get(government, ())
    ]
    members = rng.sample(pool, min(len(pool), round(count * 0.7)))
    chosen = set(members)
    if (count - len(members)) * 2 > people:
        # Most people are needed: take them in a shuffled order rather than by chance.
        members += [person for person in rng.sample(range(people), people) if person not in chosen]
        return members[:count]
    while len(members) < count:
        person = rng.randrange(people)
        if person not in chosen:
            chosen.add(person)
            members.append(person)
    return members


def create_deliverables(run, count):
    """Deliverables shared evenly among the teams, due during the team's life; those due in
    the past are mostly done, those to come mostly planned."""
    rng = run.rng
    per_team = spread(count, [1] * len(run.teams), cap=count)

    def deliverables():
        for team, theme, deliverables_count in zip(
            run.teams, run.team_themes, per_team, strict=True
        ):
            for number in range(1, deliverables_count + 1):
                kind = run.choose(
                    (
                        (Deliverable.Kind.STRATEGY, 20),
                        (Deliverable.Kind.MILESTONE, 50),
                        (Deliverable.Kind.REPORT, 30),
                    )
                )[0]
                due_on = team.starts_on + run.days(30, 720)
                if due_on < run.today:
                    mix = ((Deliverable.Status.DONE, 70), (Deliverable.Status.IN_PROGRESS, 20))
                    mix += ((Deliverable.Status.PLANNED, 10),)
                else:
                    mix = ((Deliverable.Status.PLANNED, 60), (Deliverable.Status.IN_PROGRESS, 35))
                    mix += ((Deliverable.Status.DONE, 5),)
                status = run.choose(mix)[0]
                completed_on = None
                if status == Deliverable.Status.DONE:
                    completed_on = min(due_on + run.days(-30, 15), run.today)
                public = rng.random() < 0.4
                topic = run.topic(theme)
                yield Deliverable(
                    team_id=team.pk,
                    title=f"{Deliverable.Kind(kind).label}: {topic}",
                    kind=kind,
                    due_on=due_on,
                    status=status,
                    completed_on=completed_on,
                    summary=f"A synthetic {kind} of the team on {topic.lower()}.",
                    url=f"https://{EMAIL_DOMAIN}/deliverables/{team.slug}-{number}"
                    if public
                    else "",
                    visibility=(
                        Deliverable.Visibility.PUBLIC
                        if public
                        else Deliverable.Visibility.TEAM_ONLY
                    ),
                )

    insert(run, "deliverables", Deliverable, deliverables(), total=count)


def create_secondments(run, count):
    """Secondments of officials from their own government to another one or to an
    organisation, from three years back to a year ahead; the status follows from the dates
    (completed, under way, approved or proposed), and one in twenty was cancelled.

    Each secondment is of a different official, so none overlap; at scales too tiny to have
    that many officials, there are fewer secondments.
    """
    rng = run.rng
    officials = [
        index for index, government in enumerate(run.person_governments) if government is not None
    ]
    first_day = run.today - datetime.timedelta(days=3 * 365)
    for person in rng.sample(officials, min(count, len(officials))):
        home = run.person_governments[person]
        starts_on = first_day + run.days(0, 4 * 365)
        ends_on = starts_on + run.days(30, 365)
        host_government = host_organisation = None
        if rng.random() < 0.7:
            host = rng.randrange(len(run.governments) - 1)
            host_government = run.governments[host + 1 if host >= home else host]
        else:
            host_organisation = run.organisations[rng.randrange(len(run.organisations))]
        if rng.random() < 0.05:
            status = Secondment.Status.CANCELLED
        elif ends_on < run.today:
            status = Secondment.Status.COMPLETED
        elif starts_on <= run.today:
            status = Secondment.Status.UNDER_WAY
        elif rng.random() < 0.6:
            status = Secondment.Status.APPROVED
        else:
            status = Secondment.Status.PROPOSED
        team = theme = None
        if rng.random() < 0.4:
            team = rng.randrange(len(run.teams))
            theme = run.team_themes[team]
        elif rng.random() < 0.8:
            theme = rng.randrange(len(run.themes))
        topic = run.topic(0 if theme is None else theme)
        host_name = (host_government or host_organisation).name
        run.secondments.append(
            Secondment(
                person_id=run.person_pks[person],
                home_government=run.governments[home],
                host_government=host_government,
                host_organisation=host_organisation,
                starts_on=starts_on,
                ends_on=ends_on,
                purpose=f"To learn how {host_name} approaches {topic.lower()}.",
                theme=None if theme is None else run.themes[theme],
                team=None if team is None else run.teams[team],
                status=status,
                outcome_report=(
                    f"What {host_name} does on {topic.lower()} (synthetic)."
                    if status == Secondment.Status.COMPLETED
                    else ""
                ),
            )
        )
    insert(run, "secondments", Secondment, run.secondments, total=len(run.secondments))
