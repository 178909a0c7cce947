"""Date input, learning days (D1) and ISO weeks, as the spec's "Days and weeks" and "Date input".

Today is Wednesday 2026-11-18, as in the spec's examples, and is always passed explicitly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnlog.dates import (
    MONTHS,
    WEEKDAYS,
    Week,
    format_day,
    learning_day,
    parse_day,
    parse_past_day,
    parse_week,
    weeks_in_year,
)
from learnlog.errors import InputError

TODAY = date(2026, 11, 18)  # a Wednesday
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WEEKDAY_NAMES = WEEKDAYS
MONTH_NAMES = MONTHS


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    """A moment given by its UTC wall clock."""
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- Date input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO dates, in the past, today and (for parse_day) the future
        ("2026-11-18", date(2026, 11, 18)),
        ("2026-11-01", date(2026, 11, 1)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2026-11-21", date(2026, 11, 21)),
        ("today", TODAY),
        ("yesterday", date(2026, 11, 17)),
        # a weekday name is the most recent one, today included
        ("wednesday", TODAY),
        ("tuesday", date(2026, 11, 17)),
        ("monday", date(2026, 11, 16)),
        ("sunday", date(2026, 11, 15)),
        ("thursday", date(2026, 11, 12)),
        # 'last X' is strictly before today
        ("last wednesday", date(2026, 11, 11)),
        ("last tuesday", date(2026, 11, 17)),
        ("last monday", date(2026, 11, 16)),
        ("last thursday", date(2026, 11, 12)),
        # abbreviations
        ("tue", date(2026, 11, 17)),
        ("wed", TODAY),
        ("thu", date(2026, 11, 12)),
        ("last fri", date(2026, 11, 13)),
        ("sat", date(2026, 11, 14)),
        # counts back
        ("0 days ago", TODAY),
        ("1 day ago", date(2026, 11, 17)),
        ("3 days ago", date(2026, 11, 15)),
        ("a day ago", date(2026, 11, 17)),
        ("2 weeks ago", date(2026, 11, 4)),
        ("a week ago", date(2026, 11, 11)),
        ("1 week ago", date(2026, 11, 11)),
        ("30 days ago", date(2026, 10, 19)),
        # month and day: the most recent such date not in the future
        ("nov 18", TODAY),
        ("nov 17", date(2026, 11, 17)),
        ("nov 21", date(2025, 11, 21)),
        ("21 november", date(2025, 11, 21)),
        ("november 1", date(2026, 11, 1)),
        ("1 nov", date(2026, 11, 1)),
        ("dec 25", date(2025, 12, 25)),
        ("jan 1", date(2026, 1, 1)),
        ("sept 3", date(2026, 9, 3)),
        ("feb 29", date(2024, 2, 29)),
        # with an explicit year
        ("nov 21 2025", date(2025, 11, 21)),
        ("21 nov 2025", date(2025, 11, 21)),
        ("November 21, 2025", date(2025, 11, 21)),
        ("feb 29 2024", date(2024, 2, 29)),
    ],
)
def test_every_form_of_date_input_resolves_against_today(text: str, expected: date) -> None:
    assert parse_day(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Yesterday ", date(2026, 11, 17)),
        ("TODAY", TODAY),
        ("LAST   Monday", date(2026, 11, 16)),
        ("Tue", date(2026, 11, 17)),
        ("3  DAYS  Ago", date(2026, 11, 15)),
        ("A Week Ago", date(2026, 11, 11)),
        ("Nov 21", date(2025, 11, 21)),
        ("NOVEMBER\t1", date(2026, 11, 1)),
        ("\t2026-11-01\n", date(2026, 11, 1)),
    ],
)
def test_date_input_ignores_case_and_spacing(text: str, expected: date) -> None:
    assert parse_day(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        # across the year boundary
        (date(2027, 1, 2), "dec 31", date(2026, 12, 31)),
        (date(2027, 1, 2), "jan 2", date(2027, 1, 2)),
        (date(2027, 1, 2), "jan 3", date(2026, 1, 3)),
        (date(2027, 1, 1), "monday", date(2026, 12, 28)),
        (date(2027, 1, 1), "last friday", date(2026, 12, 25)),
        (date(2027, 1, 1), "yesterday", date(2026, 12, 31)),
        (date(2027, 1, 1), "1 week ago", date(2026, 12, 25)),
        # 29 February resolves to the most recent leap day
        (date(2028, 2, 28), "feb 29", date(2024, 2, 29)),
        (date(2028, 2, 29), "feb 29", date(2028, 2, 29)),
        (date(2028, 3, 1), "29 february", date(2028, 2, 29)),
        (date(2100, 3, 1), "feb 29", date(2096, 2, 29)),  # 2100 is not a leap year
    ],
)
def test_day_expressions_resolve_across_year_boundaries_and_leap_days(
    today: date, text: str, expected: date
) -> None:
    assert parse_past_day(text, today=today) == expected


@pytest.mark.parametrize("text", ["01/02/2026", "1.2.2026", "01-02-2026", "2/1/26", "21/11"])
def test_ambiguous_numeric_dates_are_refused_asking_for_iso_form(text: str) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD") as refusal:
        parse_day(text, today=TODAY)
    assert "ambiguous" in refusal.value.message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "someday",
        "next tuesday",
        "mo",
        "nov",
        "21",
        "days ago",
        "-3 days ago",
        "nov ²",
        "2026-11-21T10:00",
    ],
)
def test_nonsense_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_day(text, today=TODAY)


@pytest.mark.parametrize(
    "text",
    ["2026-02-30", "2026-13-01", "2026-00-10", "feb 30", "31 nov", "nov 0", "feb 29 2026"],
)
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="not a day of the calendar"):
        parse_day(text, today=TODAY)


def test_a_day_number_too_large_for_any_calendar_is_refused_not_a_crash() -> None:
    with pytest.raises(InputError):
        parse_day("nov 99999999999999999999", today=TODAY)


@pytest.mark.parametrize(
    ("today", "text"),
    [
        (date.min, "yesterday"),
        (date.min, "last monday"),
        (date.min, "sunday"),
        (date.min, "1 week ago"),
        (date(1, 1, 5), "dec 25"),
        (date(3, 1, 1), "feb 29"),
        (date.max, "tomorrow"),
    ],
)
def test_days_outside_the_calendar_are_refused_not_a_crash_or_a_hang(
    today: date, text: str
) -> None:
    with pytest.raises(InputError):
        parse_day(text, today=today)


@pytest.mark.parametrize("text", ["tomorrow", "2026-11-19", "2027-01-01", "nov 21 2026"])
def test_a_future_day_is_refused_naming_today(text: str) -> None:
    with pytest.raises(InputError, match="future") as refusal:
        parse_past_day(text, today=TODAY)
    assert "2026-11-18" in refusal.value.message


def test_future_days_are_allowed_where_the_future_makes_sense() -> None:
    assert parse_day("tomorrow", today=TODAY) == date(2026, 11, 19)
    assert parse_day("2026-11-21", today=TODAY) == date(2026, 11, 21)


def test_today_is_a_past_day() -> None:
    assert parse_past_day("today", today=TODAY) == TODAY
    assert parse_past_day("2026-11-18", today=TODAY) == TODAY


# Dates far enough from the calendar's ends that every generated expression has an answer.
ordinary_days = st.dates(min_value=date(1910, 1, 1), max_value=date(9998, 12, 31))


@given(today=st.dates(min_value=date(1911, 1, 1)), n=st.integers(0, 3650))
def test_n_days_ago_is_n_calendar_days_before_today(today: date, n: int) -> None:
    expected = today - timedelta(days=n)
    assert parse_past_day(f"{n} days ago", today=today) == expected
    assert parse_day(expected.isoformat(), today=today) == expected


def _spelled(name: str, draw: st.DrawFn) -> str:
    """A weekday or month name as people type it: full or abbreviated, in any case."""
    length = draw(st.integers(3, len(name)))
    word = name[:length]
    return draw(st.sampled_from([word, word.upper(), word.capitalize()]))


@st.composite
def weekday_expressions(draw: st.DrawFn) -> tuple[str, int, bool]:
    """``(text, weekday index, strictly before today)``."""
    index = draw(st.integers(0, 6))
    strictly_before = draw(st.booleans())
    word = _spelled(WEEKDAY_NAMES[index], draw)
    return (f"last {word}" if strictly_before else word), index, strictly_before


@st.composite
def month_day_expressions(draw: st.DrawFn) -> tuple[str, int, int]:
    """``(text, month, day)`` for a real day of some year (29 February included)."""
    month = draw(st.integers(1, 12))
    last = (date(2000 + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    day = draw(st.integers(1, last))
    word = _spelled(MONTH_NAMES[month - 1], draw)
    text = draw(st.sampled_from([f"{word} {day}", f"{day} {word}"]))
    return text, month, day


@given(today=ordinary_days, expression=weekday_expressions())
def test_a_weekday_name_is_that_weekday_within_the_last_week(
    today: date, expression: tuple[str, int, bool]
) -> None:
    text, index, strictly_before = expression
    resolved = parse_past_day(text, today=today)
    back = (today - resolved).days
    assert resolved.weekday() == index
    assert (1 <= back <= 7) if strictly_before else (0 <= back <= 6)


@given(today=ordinary_days, expression=month_day_expressions())
def test_a_month_and_day_is_the_most_recent_such_day_not_in_the_future(
    today: date, expression: tuple[str, int, int]
) -> None:
    text, month, day = expression
    resolved = parse_past_day(text, today=today)
    assert (resolved.month, resolved.day) == (month, day)
    assert resolved <= today
    for year in range(resolved.year + 1, today.year + 1):
        try:
            later = date(year, month, day)
        except ValueError:  # no 29 February that year
            continue
        assert later > today


@given(
    today=ordinary_days,
    text=st.one_of(
        weekday_expressions().map(lambda expression: expression[0]),
        month_day_expressions().map(lambda expression: expression[0]),
        st.integers(0, 3650).map(lambda n: f"{n} days ago"),
        st.sampled_from(["today", "yesterday", "a week ago", "2 weeks ago"]),
    ),
)
def test_a_past_day_is_never_after_today(today: date, text: str) -> None:
    assert parse_past_day(text, today=today) <= today


# --- D1: the learning day -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "day_start_hour", "expected"),
    [
        (utc(2026, 11, 18, 23, 59, 59), 0, date(2026, 11, 18)),
        (utc(2026, 11, 19, 0, 0), 0, date(2026, 11, 19)),
        (utc(2026, 11, 19, 0, 30), 3, date(2026, 11, 18)),
        (utc(2026, 11, 19, 2, 59, 59), 3, date(2026, 11, 18)),
        (utc(2026, 11, 19, 3, 0), 3, date(2026, 11, 19)),
        (utc(2026, 11, 19, 5, 59), 6, date(2026, 11, 18)),
        (utc(2026, 11, 19, 6, 0), 6, date(2026, 11, 19)),
    ],
)
def test_the_learning_day_changes_at_day_start_hour(
    moment: datetime, day_start_hour: int, expected: date
) -> None:
    assert learning_day(moment, zone=ZoneInfo("UTC"), day_start_hour=day_start_hour) == expected


def test_the_learning_day_is_the_local_date_in_the_configured_timezone() -> None:
    # 23:30 UTC on 18 November is already 00:30 on the 19th in Berlin (UTC+1 in winter).
    moment = utc(2026, 11, 18, 23, 30)
    assert learning_day(moment, zone=ZoneInfo("UTC")) == date(2026, 11, 18)
    assert learning_day(moment, zone=BERLIN) == date(2026, 11, 19)
    assert learning_day(moment, zone=BERLIN, day_start_hour=3) == date(2026, 11, 18)
    assert learning_day(moment, zone=NEW_YORK) == date(2026, 11, 18)


def test_the_same_moment_in_any_offset_has_the_same_learning_day() -> None:
    tokyo_clock = datetime(2026, 11, 19, 8, 30, tzinfo=timezone(timedelta(hours=9)))
    assert learning_day(tokyo_clock, zone=BERLIN) == learning_day(
        tokyo_clock.astimezone(UTC), zone=BERLIN
    )


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        learning_day(datetime(2026, 11, 18, 12, 0), zone=BERLIN)


@pytest.mark.parametrize(
    ("moment", "zone", "day_start_hour", "expected"),
    [
        # Berlin springs forward on 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
        (utc(2026, 3, 28, 22, 59), BERLIN, 0, date(2026, 3, 28)),  # 23:59 CET
        (utc(2026, 3, 28, 23, 0), BERLIN, 0, date(2026, 3, 29)),  # 00:00 CET
        (utc(2026, 3, 29, 0, 59), BERLIN, 3, date(2026, 3, 28)),  # 01:59 CET
        (utc(2026, 3, 29, 1, 0), BERLIN, 3, date(2026, 3, 29)),  # 03:00 CEST
        (utc(2026, 3, 29, 1, 30), BERLIN, 3, date(2026, 3, 29)),  # 03:30 CEST
        # Berlin falls back on 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00 UTC.
        (utc(2026, 10, 24, 22, 0), BERLIN, 0, date(2026, 10, 25)),  # 00:00 CEST
        (utc(2026, 10, 25, 1, 59), BERLIN, 3, date(2026, 10, 24)),  # 02:59 CET, the second time
        (utc(2026, 10, 25, 2, 0), BERLIN, 3, date(2026, 10, 25)),  # 03:00 CET
        # New York springs forward on 2026-03-08: 02:00 EST becomes 03:00 EDT at 07:00 UTC.
        (utc(2026, 3, 8, 4, 59), NEW_YORK, 0, date(2026, 3, 7)),  # 23:59 EST
        (utc(2026, 3, 8, 5, 0), NEW_YORK, 0, date(2026, 3, 8)),  # 00:00 EST
        (utc(2026, 3, 8, 6, 59), NEW_YORK, 3, date(2026, 3, 7)),  # 01:59 EST
        (utc(2026, 3, 8, 7, 0), NEW_YORK, 3, date(2026, 3, 8)),  # 03:00 EDT
        (utc(2026, 3, 8, 7, 30), NEW_YORK, 3, date(2026, 3, 8)),  # 03:30 EDT
        # New York falls back on 2026-11-01: 02:00 EDT becomes 01:00 EST at 06:00 UTC.
        (utc(2026, 11, 1, 4, 0), NEW_YORK, 0, date(2026, 11, 1)),  # 00:00 EDT
        (utc(2026, 11, 1, 7, 59), NEW_YORK, 3, date(2026, 10, 31)),  # 02:59 EST
        (utc(2026, 11, 1, 8, 0), NEW_YORK, 3, date(2026, 11, 1)),  # 03:00 EST
    ],
)
def test_daylight_saving_nights_keep_the_day_boundary_on_the_wall_clock(
    moment: datetime, zone: ZoneInfo, day_start_hour: int, expected: date
) -> None:
    assert learning_day(moment, zone=zone, day_start_hour=day_start_hour) == expected


@pytest.mark.parametrize(
    ("zone", "first_utc", "expected_by_hour"),
    [
        # The hour 02:00-03:00 happens twice in Berlin on 2026-10-25.
        (BERLIN, utc(2026, 10, 25, 0, 0), {0: date(2026, 10, 25), 3: date(2026, 10, 24)}),
        # The hour 01:00-02:00 happens twice in New York on 2026-11-01.
        (NEW_YORK, utc(2026, 11, 1, 5, 0), {0: date(2026, 11, 1), 3: date(2026, 10, 31)}),
    ],
)
def test_every_moment_of_the_repeated_fall_back_hour_belongs_to_one_day(
    zone: ZoneInfo, first_utc: datetime, expected_by_hour: dict[int, date]
) -> None:
    repeated_hour = [first_utc + timedelta(minutes=minutes) for minutes in range(120)]
    for day_start_hour, expected in expected_by_hour.items():
        days = {learning_day(m, zone=zone, day_start_hour=day_start_hour) for m in repeated_hour}
        assert days == {expected}


@pytest.mark.parametrize("day_start_hour", range(7))
@pytest.mark.parametrize(
    ("zone", "night"),
    [
        (BERLIN, date(2026, 3, 29)),
        (BERLIN, date(2026, 10, 25)),
        (NEW_YORK, date(2026, 3, 8)),
        (NEW_YORK, date(2026, 11, 1)),
    ],
)
def test_a_daylight_saving_night_has_exactly_one_day_boundary(
    zone: ZoneInfo, night: date, day_start_hour: int
) -> None:
    # Step in UTC: arithmetic on a datetime in a ZoneInfo zone follows the wall clock.
    midnight = datetime(night.year, night.month, night.day, tzinfo=zone).astimezone(UTC)
    start = midnight - timedelta(hours=12)
    moments = [start + timedelta(minutes=5 * step) for step in range(12 * 30)]  # 30 hours
    days = [learning_day(m, zone=zone, day_start_hour=day_start_hour) for m in moments]
    changes = [index for index in range(1, len(days)) if days[index] != days[index - 1]]
    assert len(changes) == 1
    (change,) = changes
    assert days[change] == days[change - 1] + timedelta(days=1) == night
    # The new day starts at day_start_hour o'clock, or at the first moment after a skipped hour.
    new_day_starts = moments[change].astimezone(zone)
    assert new_day_starts.minute == 0
    assert new_day_starts.hour == day_start_hour or (
        new_day_starts.hour == 3 and day_start_hour == 2 and night.month == 3
    )


@given(
    moment=st.datetimes(
        min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    ),
    zone_name=st.sampled_from(
        [
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
            "America/St_Johns",
            "Pacific/Chatham",
            "Pacific/Kiritimati",
        ]
    ),
    day_start_hour=st.integers(0, 6),
)
def test_the_learning_day_is_the_local_date_or_the_day_before(
    moment: datetime, zone_name: str, day_start_hour: int
) -> None:
    zone = ZoneInfo(zone_name)
    local = moment.astimezone(zone)
    day = learning_day(moment, zone=zone, day_start_hour=day_start_hour)
    assert day in {local.date(), local.date() - timedelta(days=1)}
    assert (day == local.date() - timedelta(days=1)) == (local.hour < day_start_hour)


# --- Weeks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 11, 18), "2026-W47"),
        (date(2026, 11, 16), "2026-W47"),
        (date(2026, 11, 22), "2026-W47"),
        (date(2026, 11, 23), "2026-W48"),
        (date(2027, 1, 2), "2026-W53"),
        (date(2027, 1, 4), "2027-W01"),
        (date(2025, 12, 29), "2026-W01"),
        (date(2026, 1, 1), "2026-W01"),
        (date(2021, 1, 3), "2020-W53"),
    ],
)
def test_a_day_belongs_to_its_iso_week(day: date, week: str) -> None:
    assert str(Week.of(day)) == week


def test_a_week_runs_monday_to_sunday() -> None:
    week = Week(2026, 47)
    assert week.start == date(2026, 11, 16)
    assert week.end == date(2026, 11, 22)
    assert week.days() == [date(2026, 11, 16) + timedelta(days=n) for n in range(7)]
    assert [format_day(day)[:3] for day in week.days()] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]


def test_week_53_spans_the_new_year() -> None:
    week = Week(2026, 53)
    assert (week.start, week.end) == (date(2026, 12, 28), date(2027, 1, 3))


@pytest.mark.parametrize(
    ("week", "weeks", "expected"),
    [
        (Week(2026, 47), 0, Week(2026, 47)),
        (Week(2026, 47), -1, Week(2026, 46)),
        (Week(2026, 47), 1, Week(2026, 48)),
        (Week(2026, 53), 1, Week(2027, 1)),
        (Week(2027, 1), -1, Week(2026, 53)),
        (Week(2026, 1), -1, Week(2025, 52)),
        (Week(2026, 47), -52, Week(2025, 47)),
        (Week(2026, 47), -4, Week(2026, 43)),
    ],
)
def test_shifting_a_week_moves_by_calendar_weeks(week: Week, weeks: int, expected: Week) -> None:
    assert week.shifted(weeks) == expected


def test_weeks_sort_in_calendar_order() -> None:
    assert sorted([Week(2027, 1), Week(2026, 53), Week(2026, 9)]) == [
        Week(2026, 9),
        Week(2026, 53),
        Week(2027, 1),
    ]


@pytest.mark.parametrize(
    ("year", "weeks"), [(2020, 53), (2021, 52), (2025, 52), (2026, 53), (2027, 52), (2032, 53)]
)
def test_a_year_has_52_or_53_iso_weeks(year: int, weeks: int) -> None:
    assert weeks_in_year(year) == weeks


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("2026-W47", TODAY, Week(2026, 47)),
        ("2026w47", TODAY, Week(2026, 47)),
        ("2026W47", TODAY, Week(2026, 47)),
        (" 2026-w47 ", TODAY, Week(2026, 47)),
        ("2026-W01", TODAY, Week(2026, 1)),
        ("2026-W53", TODAY, Week(2026, 53)),
        ("this week", TODAY, Week(2026, 47)),
        ("This  Week", TODAY, Week(2026, 47)),
        ("last week", TODAY, Week(2026, 46)),
        ("this week", date(2027, 1, 2), Week(2026, 53)),
        ("last week", date(2027, 1, 2), Week(2026, 52)),
        ("last week", date(2026, 1, 1), Week(2025, 52)),
        # any day expression names the week that holds it
        ("2026-11-21", TODAY, Week(2026, 47)),
        ("2027-01-02", TODAY, Week(2026, 53)),
        ("yesterday", TODAY, Week(2026, 47)),
        ("last monday", date(2026, 11, 16), Week(2026, 46)),
        ("nov 21", TODAY, Week(2025, 47)),
    ],
)
def test_week_expressions(text: str, today: date, expected: Week) -> None:
    assert parse_week(text, today=today) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-W54", "weeks 1 to 53"),
        ("2025-W53", "weeks 1 to 52"),
        ("2026-W00", "weeks 1 to 53"),
        ("0000-W01", "calendar"),
        ("next week", "cannot read the week"),
        ("01/02/2026", "cannot read the week"),
        ("", "cannot read the week"),
    ],
)
def test_weeks_that_do_not_exist_are_refused(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_week(text, today=TODAY)


def test_last_week_before_the_first_week_of_the_calendar_is_refused() -> None:
    with pytest.raises(InputError):
        parse_week("last week", today=date(1, 1, 3))


# The Sunday of the week holding 9999-12-31 lies beyond the last date Python can represent;
# journal days start in 1900 (a Monday).
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 26)))
def test_a_day_lies_in_its_week_which_starts_on_a_monday(day: date) -> None:
    week = Week.of(day)
    assert week.start <= day <= week.end
    assert week.start.weekday() == 0
    assert week.end - week.start == timedelta(days=6)
    assert day in week.days()
    assert parse_week(str(week), today=day) == week


@given(day=st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 1)))
def test_neighbouring_weeks_touch(day: date) -> None:
    week = Week.of(day)
    assert week.shifted(1).start == week.end + timedelta(days=1)
    assert week.shifted(-1).end == week.start - timedelta(days=1)


# --- Echoing a day --------------------------------------------------------------------------


def test_a_day_is_echoed_with_its_weekday() -> None:
    assert format_day(date(2026, 11, 21)) == "Sat 2026-11-21"
    assert format_day(TODAY) == "Wed 2026-11-18"


@pytest.mark.parametrize("text", ["1899-12-31", "0001-01-01", "1066-10-14"])
def test_journal_days_before_1900_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="learnlog keeps days from 1900-01-01 on"):
        parse_past_day(text, today=TODAY)
    assert parse_day(text, today=TODAY).isoformat() == text  # a listing bound may reach back


@pytest.mark.parametrize(
    ("text", "message"),
    [("9999-W52", "outside the calendar"), ("1899-W52", "from 1900-01-01 on")],
)
def test_weeks_at_the_edges_of_the_calendar_are_refused(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_week(text, today=TODAY)
