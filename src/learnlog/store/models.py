"""SQLModel tables: the schema of a learnlog journal.

The migrations in ``store/migrations`` create exactly these tables; a test compares the two.
On SQLite they also create the full-text index ``search_index`` (store/search.py), which is not a
model: triggers keep it in step with ``entry``, ``entry_tag``, ``paper`` and ``paper_tag``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from learnlog.store.schema import UID_LENGTH
from learnlog.store.types import UTCDateTime

HABIT_NAME_LENGTH = 40


class Entry(SQLModel, table=True):
    """One thing learned on one learning day."""

    __tablename__ = "entry"
    __table_args__ = (
        Index("ix_entry_day_deleted_at", "day", "deleted_at"),  # counts per day
        Index("ix_entry_day_created_at", "day", "created_at"),  # newest first
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=UID_LENGTH, unique=True)
    day: date
    text: str
    source: str | None = None
    stage: str | None = Field(default=None, max_length=16)
    starred: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class EntryTag(SQLModel, table=True):
    """A tag of an entry, lower-case."""

    __tablename__ = "entry_tag"

    entry_id: int = Field(
        sa_column=Column(Integer, ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    )
    tag: str = Field(primary_key=True, index=True)


class Paper(SQLModel, table=True):
    """A research paper on the reading list."""

    __tablename__ = "paper"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=UID_LENGTH, unique=True)
    title: str
    authors: str | None = None
    link: str | None = None
    status: str = Field(default="queued", max_length=16)
    added_on: date
    read_on: date | None = Field(default=None, index=True)
    notes: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class PaperTag(SQLModel, table=True):
    """A tag of a paper, lower-case."""

    __tablename__ = "paper_tag"

    paper_id: int = Field(
        sa_column=Column(Integer, ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True)
    )
    tag: str = Field(primary_key=True, index=True)


class Habit(SQLModel, table=True):
    """A user habit and its schedule (``day``, ``sat,sun``, ``2/week``, ``7h/week``)."""

    __tablename__ = "habit"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=UID_LENGTH, unique=True)
    name: str = Field(unique=True)
    schedule: str
    created_on: date
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class CheckIn(SQLModel, table=True):
    """One check-in of a habit on a day, with the minutes spent when they matter."""

    __tablename__ = "check_in"
    __table_args__ = (Index("ix_check_in_habit_id_day", "habit_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=UID_LENGTH, unique=True)
    habit_id: int = Field(
        sa_column=Column(Integer, ForeignKey("habit.id", ondelete="CASCADE"), nullable=False)
    )
    day: date = Field(index=True)
    minutes: int | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)


class Skip(SQLModel, table=True):
    """Days excused for the habit named, or for every habit when ``habit`` is empty."""

    __tablename__ = "skip"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=UID_LENGTH, unique=True)
    habit: str | None = Field(default=None, max_length=HABIT_NAME_LENGTH, index=True)
    first_day: date
    last_day: date
    note: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)


class UndoAction(SQLModel, table=True):
    """A delete or edit that ``learnlog undo`` can take back, newest last."""

    __tablename__ = "undo_action"

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    action: str = Field(max_length=16)
    snapshot: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)


class Revisit(SQLModel, table=True):
    """A look back at an entry on a day, and the stage it reached then when it moved on."""

    __tablename__ = "revisit"
    __table_args__ = (Index("ix_revisit_entry_id_day", "entry_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=UID_LENGTH, unique=True)
    entry_id: int = Field(
        sa_column=Column(Integer, ForeignKey("entry.id", ondelete="CASCADE"), nullable=False)
    )
    day: date
    stage: str | None = Field(default=None, max_length=16)
    created_at: datetime = Field(sa_type=UTCDateTime)
