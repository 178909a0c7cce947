"""Date expressions, learning days and ISO weeks: pure functions that take ``today``.

Nothing here reads the clock; callers pass the day or moment they mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import MINYEAR, date, datetime, timedelta
from typing import TYPE_CHECKING

from learnlog.errors import InputError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

EARLIEST_DAY = date(1900, 1, 1)

ACCEPTED_DAYS = (
    "YYYY-MM-DD, today, yesterday, a weekday (monday, last monday), "
    "'3 days ago', '2 weeks ago' or a month and day (nov 21)"
)
ACCEPTED_WEEKS = "YYYY-Www (2026-W47), 'this week', 'last week' or any day inside the week"

_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|\d{1,2}[/.]\d{1,2}")
_AGO = re.compile(r"(\d+|a|an|one) (day|week|month|year)s? ago")
_ISO_WEEK = re.compile(r"(\d{4})-?w(\d{1,2})")


def _prefix_index(word: str, names: tuple[str, ...], shortest: int = 3) -> int | None:
    """The index of the name that ``word`` abbreviates (``tue``, ``sept``), if any."""
    if len(word) < shortest:
        return None
    for index, name in enumerate(names):
        if name.startswith(word):
            return index
    return None


def weekday_number(word: str) -> int | None:
    """Monday 0 to Sunday 6 for a weekday name or its abbreviation (``tue``), else ``None``."""
    return _prefix_index(word.strip().lower(), WEEKDAYS)


def _normalise(text: str) -> str:
    return " ".join(text.strip().lower().replace(",", " ").split())


def format_day(day: date) -> str:
    """A day as people read it and scripts parse it: ``Sat 2026-11-21``."""
    return f"{WEEKDAYS[day.weekday()][:3].capitalize()} {day.isoformat()}"


def parse_day(text: str, *, today: date) -> date:
    """Resolve a day expression against ``today``; future days are allowed here."""
    phrase = _normalise(text)
    if not phrase:
        raise InputError(f"a date is needed; use {ACCEPTED_DAYS}")
    try:
        resolved = (
            _named_day(phrase, today)
            or _iso_day(phrase, text)
            or _days_ago(phrase, today)
            or _weekday(phrase, today)
            or _month_day(phrase, today, text)
        )
    except OverflowError:  # 'yesterday' on 1 January of year 1, 'tomorrow' on 31 December 9999
        raise InputError(f"{text.strip()!r} lies outside the calendar") from None
    if resolved is not None:
        return resolved
    if _NUMERIC.fullmatch(phrase):
        raise InputError(
            f"{text.strip()!r} is ambiguous (day/month or month/day?); "
            "write the date as YYYY-MM-DD, for example 2026-11-21"
        )
    raise InputError(f"cannot read the date {text.strip()!r}; use {ACCEPTED_DAYS}")


def parse_past_day(text: str, *, today: date) -> date:
    """Resolve a day expression that must not lie after ``today`` (entries, check-ins)."""
    day = parse_day(text, today=today)
    if day > today:
        raise InputError(
            f"{text.strip()!r} is {format_day(day)}, which is in the future; "
            f"use today ({today.isoformat()}) or an earlier day"
        )
    refuse_before_journals(day, text)
    return day


def refuse_before_journals(day: date, text: str) -> None:
    """Journal days start in 1900: earlier ones are typing mistakes, and they reach the edge of
    the calendar that streaks and reviews count back from."""
    if day < EARLIEST_DAY:
        raise InputError(
            f"{text.strip()!r} is {day.isoformat()}; learnlog keeps days from "
            f"{EARLIEST_DAY.isoformat()} on"
        )


def _named_day(phrase: str, today: date) -> date | None:
    offsets = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}
    if phrase in offsets:
        return today + timedelta(days=offsets[phrase])
    return None


def _iso_day(phrase: str, original: str) -> date | None:
    match = _ISO_DAY.fullmatch(phrase)
    if match is None:
        return None
    year, month, day = (int(group) for group in match.groups())
    return _checked_date(year, month, day, original)


def _checked_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):  # OverflowError: a day number beyond a C long
        raise InputError(
            f"{original.strip()!r} is not a day of the calendar; write it as YYYY-MM-DD"
        ) from None


def _days_ago(phrase: str, today: date) -> date | None:
    match = _AGO.fullmatch(phrase)
    if match is None:
        return None
    # Imported here: only '3 months ago' and the like need it, and it loads ``calendar`` too.
    from dateutil.relativedelta import relativedelta

    count_text, unit = match.groups()
    count = 1 if count_text in {"a", "an", "one"} else int(count_text)
    step = {
        "day": relativedelta(days=count),
        "week": relativedelta(weeks=count),
        "month": relativedelta(months=count),
        "year": relativedelta(years=count),
    }[unit]
    try:
        resolved: date = today - step
    except (OverflowError, ValueError):
        raise InputError(f"{phrase!r} reaches before the first year of the calendar") from None
    return resolved


def _weekday(phrase: str, today: date) -> date | None:
    words = phrase.split(" ")
    strictly_before = False
    if len(words) == 2 and words[0] in {"last", "this"}:
        strictly_before = words[0] == "last"
        words = words[1:]
    if len(words) != 1:
        return None
    index = weekday_number(words[0])
    if index is None:
        return None
    back = (today.weekday() - index) % 7
    if strictly_before and back == 0:
        back = 7
    return today - timedelta(days=back)


def _month_day(phrase: str, today: date, original: str) -> date | None:
    words = phrase.split(" ")
    if len(words) not in {2, 3}:
        return None
    month: int | None = None
    day_text = ""
    if words[0].isdigit():
        month_index = _prefix_index(words[1], MONTHS)
        day_text = words[0]
    else:
        month_index = _prefix_index(words[0], MONTHS)
        day_text = words[1]
    # isdecimal, not isdigit: '²' is a digit that int() cannot read.
    if month_index is None or not day_text.isdecimal():
        return None
    month = month_index + 1
    day = int(day_text)
    if len(words) == 3:
        if not re.fullmatch(r"\d{4}", words[2]):
            return None
        return _checked_date(int(words[2]), month, day, original)
    _checked_date(2000, month, day, original)  # 2000 is a leap year: only real days pass
    for year in range(today.year, MINYEAR - 1, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February outside a leap year
            continue
        if candidate <= today:
            return candidate
    raise InputError(f"{original.strip()!r} lies before the first year of the calendar")


def learning_day(moment: datetime, *, zone: ZoneInfo, day_start_hour: int = 0) -> date:
    """The learning day of a moment (spec D1).

    The day changes at ``day_start_hour`` o'clock on the local wall clock, so a night with a
    daylight-saving change still has exactly one boundary and no moment counts twice.
    """
    if moment.tzinfo is None:
        raise ValueError("learning_day needs a timezone-aware moment")
    local = moment.astimezone(zone)
    if local.hour < day_start_hour:
        return local.date() - timedelta(days=1)
    return local.date()


@dataclass(frozen=True, order=True)
class Week:
    """An ISO 8601 calendar week: Monday first, week 1 holds the year's first Thursday."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Week:
        """The ISO week a day belongs to (``2027-01-02`` is in ``2026-W53``)."""
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def start(self) -> date:
        """The Monday of the week."""
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> date:
        """The Sunday of the week."""
        return date.fromisocalendar(self.year, self.number, 7)

    def days(self) -> list[date]:
        """The seven days of the week, Monday to Sunday."""
        monday = self.start
        return [monday + timedelta(days=offset) for offset in range(7)]

    def shifted(self, weeks: int) -> Week:
        """The week ``weeks`` weeks later (earlier when negative)."""
        return Week.of(self.start + timedelta(weeks=weeks))

    def __str__(self) -> str:
        """The ISO name of the week, ``2026-W47``."""
        return f"{self.year:04d}-W{self.number:02d}"  # ISO 8601 years have four digits


def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last."""
    return date(year, 12, 28).isocalendar().week


def parse_week(text: str, *, today: date) -> Week:
    """Resolve a week expression: ``2026-W47``, ``this week``, ``last week`` or a day in it."""
    phrase = _normalise(text)
    this_week = Week.of(today)
    if phrase in {"this week", "week", "current week"}:
        return this_week
    if phrase in {"last week", "previous week"}:
        try:
            return this_week.shifted(-1)
        except OverflowError:
            raise InputError(f"{text.strip()!r} lies outside the calendar") from None
    match = _ISO_WEEK.fullmatch(phrase)
    if match is not None:
        year, number = int(match.group(1)), int(match.group(2))
        if year < MINYEAR:
            raise InputError(f"{text.strip()!r} lies outside the calendar")
        if not 1 <= number <= weeks_in_year(year):
            raise InputError(
                f"{year} has weeks 1 to {weeks_in_year(year)}; {text.strip()!r} is not one of them"
            )
        week = _inside_calendar(Week(year, number), text)
        refuse_before_journals(week.start, text)
        return week
    try:
        day = parse_day(text, today=today)
    except InputError:
        raise InputError(f"cannot read the week {text.strip()!r}; use {ACCEPTED_WEEKS}") from None
    return _inside_calendar(Week.of(day), text)


def _inside_calendar(week: Week, text: str) -> Week:
    """``week``, unless it ends past the calendar: the Sunday of 9999-W52 lies in year 10000."""
    try:
        week.end  # noqa: B018
    except (ValueError, OverflowError):
        raise InputError(f"{text.strip()!r} lies outside the calendar") from None
    return week
