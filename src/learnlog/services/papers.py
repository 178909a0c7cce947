"""Paper use cases: the reading list, from queued to read, with the moment and today passed in."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from learnlog.dates import Week, format_day
from learnlog.domain import (
    PaperChanges,
    PaperDraft,
    PaperEditResult,
    PaperStatus,
    PaperView,
    normalise_tag,
    refuse_future,
    unique_tags,
)
from learnlog.errors import InputError, NotFoundError, RefusedError
from learnlog.papers import (
    clean_authors,
    clean_link,
    clean_notes,
    clean_title,
    link_key,
    title_key,
)
from learnlog.store import paper_queries

if TYPE_CHECKING:
    from collections.abc import Iterable

    from learnlog.store.database import Journal
    from learnlog.store.sql import Sql


class DuplicatePaperError(RefusedError):
    """A paper with the same title or link is already listed; the CLI may ask and add anyway."""

    def __init__(self, *, paper_id: int, title: str, matched: str) -> None:
        """Name the paper already listed and what matched: title, link, or title and link."""
        super().__init__(f"a paper with this {matched} is already listed (#{paper_id} {title})")
        self.paper_id = paper_id
        self.title = title
        self.matched = matched


def _existing(sql: Sql, paper_id: int) -> PaperView:
    paper = paper_queries.paper_by_id(sql, paper_id)
    if paper is None:
        raise NotFoundError(f"there is no paper #{paper_id}; 'learnlog paper list' shows the ids")
    return paper


def _tags(raw: Iterable[str]) -> list[str]:
    return unique_tags(normalise_tag(tag) for tag in raw)


def _reading_state(
    status: PaperStatus | None,
    read_on: date | None,
    *,
    today: date,
    current: tuple[PaperStatus, date | None] = (PaperStatus.QUEUED, None),
) -> tuple[PaperStatus, date | None]:
    """The status and read day after a change, by the rules of the reading list.

    A read day means the paper is read; read without a day means read today (or keeps the day
    it was already read on); a paper back on the list has no read day.
    """
    if read_on is not None:
        if status not in {None, PaperStatus.READ}:
            raise InputError(
                f"--read-on means the paper is read, so its status cannot be {status}; "
                "drop --status or --read-on"
            )
        refuse_future(read_on, today)
        return PaperStatus.READ, read_on
    if status is None:
        return current
    if status is PaperStatus.READ:
        was_read = current[0] is PaperStatus.READ
        return PaperStatus.READ, (current[1] if was_read else None) or today
    return status, None


def _refuse_duplicate(sql: Sql, title: str, link: str | None) -> None:
    """Raise DuplicatePaperError when a listed paper has the same title or link."""
    wanted_title = title_key(title)
    wanted_link = link_key(link) if link else None
    for paper_id, other_title, other_link in paper_queries.paper_titles_and_links(sql):
        same_title = title_key(other_title) == wanted_title
        same_link = bool(wanted_link and other_link and link_key(other_link) == wanted_link)
        if same_title and same_link:
            matched = "title and link"
        elif same_title or same_link:
            matched = "title" if same_title else "link"
        else:
            continue
        raise DuplicatePaperError(paper_id=paper_id, title=other_title, matched=matched)


def add_paper(
    journal: Journal,
    draft: PaperDraft,
    *,
    now: datetime,
    today: date,
    allow_duplicate: bool = False,
) -> PaperView:
    """Put a paper on the reading list; one already listed (same title or link) is refused.

    ``allow_duplicate`` adds it anyway, once the person has said so.
    """
    title = clean_title(draft.title)
    link = clean_link(draft.link)
    status, read_on = _reading_state(draft.status, draft.read_on, today=today)
    tags = sorted(_tags(draft.tags))
    paper = PaperView(
        id=0,  # given by the database
        uid=str(uuid.uuid4()),
        title=title,
        authors=clean_authors(draft.authors),
        link=link,
        status=status,
        added_on=today,
        read_on=read_on,
        notes=clean_notes(draft.notes),
        tags=tuple(tags),
        created_at=now,
        updated_at=now,
    )
    values = {
        "uid": paper.uid,
        "title": paper.title,
        "authors": paper.authors,
        "link": paper.link,
        "status": paper.status.value,
        "added_on": paper.added_on,
        "read_on": paper.read_on,
        "notes": paper.notes,
        "created_at": paper.created_at,
        "updated_at": paper.updated_at,
    }
    with journal.sql(write=True) as sql:
        if not allow_duplicate:
            _refuse_duplicate(sql, title, link)
        paper_id = paper_queries.insert_paper(sql, values, tags)
    return replace(paper, id=paper_id)


def _read_between(week: Week | None, year: int | None) -> tuple[date | None, date | None]:
    """The first and last read day that ``week`` and ``year`` allow (both when both are given)."""
    first: date | None = None
    last: date | None = None
    if year is not None:
        try:
            first, last = date(year, 1, 1), date(year, 12, 31)
        except ValueError:
            raise InputError(f"{year} is not a year learnlog can count; use 1 to 9999") from None
    if week is not None:
        first = max(week.start, first) if first else week.start
        last = min(week.end, last) if last else week.end
        if first > last:
            raise InputError(
                f"week {week} ({format_day(week.start)} to {format_day(week.end)}) "
                f"has no day in {year}"
            )
    return first, last


def list_papers(
    journal: Journal,
    *,
    status: PaperStatus | None = None,
    week: Week | None = None,
    year: int | None = None,
) -> list[PaperView]:
    """Papers with the status; with a week or year, the papers read in it (by their read day).

    The reading list comes first (being read, then queued), then the papers read, newest first.
    """
    if (week is not None or year is not None) and status not in {None, PaperStatus.READ}:
        raise InputError(
            f"--week and --year select papers by the day they were read; "
            f"a {status} paper has no such day"
        )
    first, last = _read_between(week, year)
    if first is not None:
        status = PaperStatus.READ
    with journal.sql() as sql:
        return paper_queries.papers_matching(sql, status=status, read_from=first, read_until=last)


def get_paper(journal: Journal, paper_id: int) -> PaperView:
    """One paper by its id."""
    with journal.sql() as sql:
        return _existing(sql, paper_id)


def _save(
    sql: Sql,
    paper: PaperView,
    wanted: dict[str, Any],
    *,
    now: datetime,
    tags: list[str] | None = None,
) -> PaperEditResult:
    """Write the fields (and tags) that differ; the paper as it is then, and whether any did.

    An unchanged paper is not written at all: its ``updated_at`` stays as it was.
    """
    stored = {
        "title": paper.title,
        "authors": paper.authors,
        "link": paper.link,
        "status": paper.status.value,
        "read_on": paper.read_on,
        "notes": paper.notes,
    }
    fields = {field: value for field, value in wanted.items() if stored[field] != value}
    old_tags = list(paper.tags)
    new_tags = old_tags if tags is None else tags
    if not fields and sorted(new_tags) == sorted(old_tags):
        return PaperEditResult(paper=paper, changed=False)
    paper_queries.update_paper(sql, paper.id, {**fields, "updated_at": now})
    if new_tags != old_tags:
        paper_queries.replace_paper_tags(sql, paper.id, new_tags)
        # Read back, so that the tags come in the order the database gives, as on every read.
        new_tags = paper_queries.tags_by_paper(sql, [paper.id])[paper.id]
    if "status" in fields:
        fields["status"] = PaperStatus(fields["status"])
    saved = replace(paper, **fields, tags=tuple(new_tags), updated_at=now)
    return PaperEditResult(paper=saved, changed=True)


def start_paper(journal: Journal, paper_id: int, *, now: datetime) -> PaperEditResult:
    """Mark a queued paper as being read.

    A paper already read is refused rather than moved back: that would take it out of the
    weeks it counts for. ``edit --status reading`` does it on purpose.
    """
    with journal.sql(write=True) as sql:
        paper = _existing(sql, paper_id)
        if paper.status is PaperStatus.READ and paper.read_on is not None:
            raise RefusedError(
                f"paper #{paper_id} was read on {format_day(paper.read_on)}; to put it back on "
                f"the reading list: learnlog paper edit {paper_id} --status reading"
            )
        wanted = {"status": PaperStatus.READING.value, "read_on": None}
        return _save(sql, paper, wanted, now=now)


def read_paper(
    journal: Journal, paper_id: int, day: date, *, now: datetime, today: date
) -> PaperEditResult:
    """Mark a paper read on ``day`` (a day already begun); it then counts for that day's week."""
    refuse_future(day, today)
    with journal.sql(write=True) as sql:
        paper = _existing(sql, paper_id)
        wanted = {"status": PaperStatus.READ.value, "read_on": day}
        return _save(sql, paper, wanted, now=now)


def edit_paper(
    journal: Journal, paper_id: int, changes: PaperChanges, *, now: datetime, today: date
) -> PaperEditResult:
    """Change a paper's fields and tags; an edit that changes nothing writes nothing."""
    if changes.is_empty():
        raise InputError(
            "nothing to change; give --title, --authors, --link, --status, --read-on, --note, "
            "--tag or --untag"
        )
    wanted: dict[str, Any] = {}
    if changes.title is not None:
        wanted["title"] = clean_title(changes.title)
    if changes.authors is not None:
        wanted["authors"] = clean_authors(changes.authors)
    if changes.link is not None:
        wanted["link"] = clean_link(changes.link)
    if changes.notes is not None:
        wanted["notes"] = clean_notes(changes.notes)
    added = _tags(changes.add_tags)
    removed = set(_tags(changes.remove_tags))
    with journal.sql(write=True) as sql:
        paper = _existing(sql, paper_id)
        current = (paper.status, paper.read_on)
        status, read_on = _reading_state(
            changes.status, changes.read_on, today=today, current=current
        )
        wanted |= {"status": status.value, "read_on": read_on}
        tags = sorted(tag for tag in unique_tags([*paper.tags, *added]) if tag not in removed)
        return _save(sql, paper, wanted, now=now, tags=tags)


def remove_paper(journal: Journal, paper_id: int) -> PaperView:
    """Remove a paper and its tags for good."""
    with journal.sql(write=True) as sql:
        paper = _existing(sql, paper_id)
        paper_queries.delete_paper(sql, paper_id)
    return paper
