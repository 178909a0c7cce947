"""Facts about the schema that the start-up path needs without importing SQLAlchemy."""

from __future__ import annotations

# PRAGMA application_id of every learnlog SQLite file: "LLOG" in ASCII.
APPLICATION_ID = 0x4C4C4F47

# Alembic revisions in order, oldest first. A test checks this against the migration scripts,
# so that opening a current database never has to load Alembic to learn the head.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")
HEAD = REVISIONS[-1]

BUSY_TIMEOUT_SECONDS = 10.0
UID_LENGTH = 36
TRASH_DAYS = 30

# The SQLite full-text index and the tables FTS5 keeps beside it. Entries are indexed under
# their id, papers under minus their id, so one ranking covers both.
SEARCH_TABLE = "search_index"
SEARCH_SHADOW_TABLES = tuple(
    f"{SEARCH_TABLE}_{suffix}" for suffix in ("data", "idx", "content", "docsize", "config")
)
