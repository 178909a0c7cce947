"""D7, the year pace: papers read this year against papers_per_year, shown Beeminder-style."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnlog.habits import PaceColour, days_in_year, year_pace


def test_the_spec_formula_on_an_ordinary_day() -> None:
    """18 November 2026 is day 322 of 365: 88.2 expected; one paper read is 88 behind."""
    pace = year_pace([date(2026, 11, 17)], target=100, today=date(2026, 11, 18))
    assert pace.actual == 1
    assert pace.expected == pytest.approx(100 * 322 / 365)
    assert pace.buffer_days == 0
    assert pace.behind == 88
    assert pace.colour is PaceColour.RED


def test_on_1_january_nothing_read_is_one_paper_behind() -> None:
    pace = year_pace([], target=100, today=date(2027, 1, 1))
    assert (pace.expected, pace.buffer_days, pace.behind) == (pytest.approx(100 / 365), 0, 1)


def test_papers_of_last_year_and_of_days_to_come_do_not_count() -> None:
    read = [date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 3)]
    pace = year_pace(read, target=100, today=date(2027, 1, 2))
    assert pace.year == 2027
    assert pace.actual == 1


def test_the_last_day_of_the_year_with_the_target_met_is_on_pace() -> None:
    pace = year_pace([date(2026, 6, 1)] * 100, target=100, today=date(2026, 12, 31))
    assert pace.expected == pytest.approx(100)
    assert pace.behind == 0
    assert pace.buffer_days == 1  # floor(100 * 365 / 100) - 365 + 1


def test_a_leap_year_has_366_days_in_its_pace() -> None:
    assert days_in_year(2028) == 366
    assert days_in_year(2100) == 365  # a century that is not divisible by 400
    on_29_february = year_pace([date(2028, 1, 5)] * 17, target=100, today=date(2028, 2, 29))
    assert on_29_february.expected == pytest.approx(100 * 60 / 366)
    assert on_29_february.buffer_days == 17 * 366 // 100 - 60 + 1  # 3
    on_31_december = year_pace([], target=100, today=date(2028, 12, 31))
    assert on_31_december.expected == pytest.approx(100)
    assert on_31_december.behind == 100


@pytest.mark.parametrize(
    ("read", "buffer_days", "colour"),
    [
        (0, 0, PaceColour.RED),
        (1, 3, PaceColour.GREEN),  # floor(1 * 365 / 100) = 3 days covered from day 1
    ],
)
def test_the_first_day_of_the_year(read: int, buffer_days: int, colour: PaceColour) -> None:
    pace = year_pace([date(2026, 1, 1)] * read, target=100, today=date(2026, 1, 1))
    assert (pace.buffer_days, pace.colour) == (buffer_days, colour)


@pytest.mark.parametrize(
    ("buffer_days", "colour"),
    [(0, PaceColour.RED), (1, PaceColour.ORANGE), (2, PaceColour.BLUE), (3, PaceColour.GREEN)],
)
def test_colours_follow_the_buffer_in_days(buffer_days: int, colour: PaceColour) -> None:
    """With 365 papers a year each paper is one day, so the buffer is easy to set exactly."""
    today = date(2026, 3, 1)  # day 60
    read = [date(2026, 1, 1)] * (60 - 1 + buffer_days)
    pace = year_pace(read, target=365, today=today)
    assert pace.buffer_days == buffer_days
    assert pace.colour is colour


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(today=days, read=st.lists(st.integers(0, 400), max_size=150), target=st.integers(1, 400))
def test_the_pace_holds_its_definitions(today: date, read: list[int], target: int) -> None:
    read_on = [today - timedelta(days=offset) for offset in read]
    pace = year_pace(read_on, target=target, today=today)
    day_of_year = today.timetuple().tm_yday
    assert pace.actual == sum(day.year == today.year for day in read_on)
    assert pace.buffer_days >= 0
    assert pace.behind == max(0, math.ceil(pace.expected - pace.actual))
    assert (pace.behind == 0) == (pace.actual >= math.ceil(pace.expected))
    if pace.buffer_days > 0:
        # A buffer of b days: the target is still met on day i + b - 1 without reading more.
        assert pace.actual >= target * (day_of_year + pace.buffer_days - 1) / days_in_year(
            today.year
        )


@given(today=days, read=st.lists(st.integers(0, 200), max_size=60), target=st.integers(1, 200))
def test_one_more_paper_never_lowers_the_buffer_nor_raises_the_shortfall(
    today: date, read: list[int], target: int
) -> None:
    read_on = [today - timedelta(days=offset) for offset in read]
    before = year_pace(read_on, target=target, today=today)
    after = year_pace([*read_on, today], target=target, today=today)
    assert after.buffer_days >= before.buffer_days
    assert after.behind <= before.behind
