"""Small pieces of wording that every format shares."""

from __future__ import annotations

from datetime import date

from learnlog.dates import WEEKDAYS


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 day``, ``2 days``; ``many`` for plurals that are not ``one`` + s."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def short_day(day: date, year: int | None = None) -> str:
    """``Mon 16 Nov``, with the year when it is not ``year`` (an entry a year old)."""
    shown = f"{WEEKDAYS[day.weekday()][:3].capitalize()} {day.day} {day:%b}"
    return shown if year in {None, day.year} else f"{shown} {day.year}"


def first_line(text: str) -> str:
    """The first line of a text, for lists that show one line an item."""
    return (text.strip().splitlines() or [""])[0]
