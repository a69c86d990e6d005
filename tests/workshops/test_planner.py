"""The planner's arithmetic, with real time zones and the holidays library's calendars."""

import datetime
from dataclasses import dataclass

from regions.holidays import holiday_on, is_weekend
from workshops.planner import plan_day

UTC = datetime.UTC
HOUR = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Place:
    pk: int
    name: str
    time_zone: str
    country: str
    holiday_subdivision: str = ""


LOMBARDY = Place(1, "Lombardy", "Europe/Rome", "IT")
QUEBEC = Place(2, "Quebec", "America/Toronto", "CA", "QC")
SCOTLAND = Place(3, "Scotland", "Europe/London", "GB", "SCT")
WALES = Place(4, "Wales", "Europe/London", "GB", "WLS")
CALIFORNIA = Place(5, "California", "America/Los_Angeles", "US", "CA")
SILESIA = Place(6, "Silesia", "Europe/Warsaw", "PL", "24")


def plan(day, governments, duration=HOUR):
    return plan_day(
        day,
        duration,
        governments,
        holiday_of=lambda place, date: holiday_on(place.country, place.holiday_subdivision, date),
        weekend_of=lambda place, date: is_weekend(place.country, place.holiday_subdivision, date),
    )


def local(plan, time, government):
    slot = plan.slot_at(time)
    return next(entry for entry in slot.local_times if entry.government == government)


def test_plan_day_has_48_half_hours_of_the_utc_day():
    result = plan(datetime.date(2026, 3, 17), [LOMBARDY])

    assert [slot.starts_at for slot in (result.slots[0], result.slots[-1])] == [
        datetime.datetime(2026, 3, 17, 0, 0, tzinfo=UTC),
        datetime.datetime(2026, 3, 17, 23, 30, tzinfo=UTC),
    ]
    assert len(result.slots) == 48


def test_local_time_follows_north_americas_summer_time_before_europes():
    # North America moves its clocks on 8 March 2026, Europe on 29 March: in between, Quebec
    # is five hours behind Lombardy rather than six.
    before = plan(datetime.date(2026, 3, 3), [LOMBARDY, QUEBEC])
    between = plan(datetime.date(2026, 3, 17), [LOMBARDY, QUEBEC])
    after = plan(datetime.date(2026, 3, 31), [LOMBARDY, QUEBEC])

    times = [
        (
            local(result, datetime.time(13), QUEBEC).starts_at.strftime("%H:%M"),
            local(result, datetime.time(13), LOMBARDY).starts_at.strftime("%H:%M"),
        )
        for result in (before, between, after)
    ]

    assert times == [("08:00", "14:00"), ("09:00", "14:00"), ("09:00", "15:00")]


def test_local_time_follows_europes_winter_time_before_north_americas():
    # Europe goes back on 25 October 2026, North America on 1 November.
    between = plan(datetime.date(2026, 10, 27), [SCOTLAND, CALIFORNIA])

    assert (
        local(between, datetime.time(16), SCOTLAND).starts_at.strftime("%H:%M %Z"),
        local(between, datetime.time(16), CALIFORNIA).starts_at.strftime("%H:%M %Z"),
    ) == ("16:00 GMT", "09:00 PDT")


def test_working_hours_need_the_whole_webinar_inside_them():
    result = plan(
        datetime.date(2026, 3, 17), [LOMBARDY], duration=90 * datetime.timedelta(minutes=1)
    )

    # 16:30 to 18:00 in Rome fits; 17:00 to 18:30 does not. Core hours end at 17:00.
    fits, runs_over = (
        local(result, time, LOMBARDY) for time in (datetime.time(15, 30), datetime.time(16))
    )
    assert (fits.inside_working_hours, fits.inside_core_hours) == (True, False)
    assert runs_over.inside_working_hours is False


def test_core_hours_are_nine_to_five():
    result = plan(datetime.date(2026, 3, 17), [LOMBARDY])

    assert [
        local(result, time, LOMBARDY).inside_core_hours
        for time in (
            datetime.time(7, 30),
            datetime.time(8),
            datetime.time(15),
            datetime.time(15, 30),
        )
    ] == [False, True, True, False]


def test_st_andrews_day_takes_scotland_out_but_not_wales():
    result = plan(datetime.date(2026, 11, 30), [SCOTLAND, WALES])

    scotland, wales = (local(result, datetime.time(10), place) for place in (SCOTLAND, WALES))
    assert (scotland.holiday, scotland.available, wales.holiday, wales.available) == (
        "Saint Andrew's Day",
        False,
        "",
        True,
    )
    assert result.slot_at(datetime.time(10)).available_count == 1


def test_fete_nationale_takes_quebec_out():
    result = plan(datetime.date(2026, 6, 24), [QUEBEC, LOMBARDY])

    assert [(date, day_off.government.name) for date, day_off in result.days_off] == [
        (datetime.date(2026, 6, 24), "Quebec")
    ]
    assert "John the Baptist" in result.days_off[0][1].holiday


def test_lombardy_works_on_sant_ambrogio_since_it_is_milans_holiday_alone():
    result = plan(datetime.date(2026, 12, 7), [LOMBARDY])

    assert local(result, datetime.time(10), LOMBARDY).available is True


def test_weekend_is_the_local_date_s():
    # 23:00 UTC on Friday is already Saturday in Silesia, still Friday in California.
    result = plan(datetime.date(2026, 3, 13), [SILESIA, CALIFORNIA])

    silesia, california = (
        local(result, datetime.time(23), place) for place in (SILESIA, CALIFORNIA)
    )
    assert (silesia.weekend, silesia.day_offset, california.weekend) == (True, 1, False)


def test_best_slots_rank_by_working_hours_then_core_hours_then_earliest():
    # Lombardy and Silesia are at UTC+1, Quebec at UTC-4: all three work from 12:00 to 17:00
    # UTC, and all three are in core hours for an hour starting 13:00 to 15:00.
    result = plan(datetime.date(2026, 3, 17), [LOMBARDY, QUEBEC, SILESIA])

    ranked = sorted(result.slots, key=lambda slot: slot.rank_key)
    assert [
        (slot.starts_at.strftime("%H:%M"), slot.available_count, slot.core_count)
        for slot in ranked[:7]
    ] == [
        ("13:00", 3, 3),
        ("13:30", 3, 3),
        ("14:00", 3, 3),
        ("14:30", 3, 3),
        ("15:00", 3, 3),
        ("12:00", 3, 2),
        ("12:30", 3, 2),
    ]
    assert result.best == tuple(ranked[:5])


def test_governments_go_west_to_east():
    result = plan(datetime.date(2026, 3, 17), [SILESIA, LOMBARDY, CALIFORNIA, SCOTLAND, QUEBEC])

    assert [place.name for place in result.governments] == [
        "California",
        "Quebec",
        "Scotland",
        "Lombardy",
        "Silesia",
    ]


def test_no_best_slot_when_nobody_works_that_day():
    result = plan(datetime.date(2026, 3, 15), [LOMBARDY, SILESIA])  # a Sunday

    assert result.best == ()
