"""Plain SQL over one transaction: how every command reads and writes the journal.

A SQLite journal is reached through the standard library's ``sqlite3``, so no command imports
SQLAlchemy or SQLModel (about half a second and 40 MB before any work is done) unless the file
must be created or upgraded. A journal on a database server runs the same
statements through SQLAlchemy. Statements use ``:name`` parameters, which both understand, and
only SQL that SQLite and PostgreSQL read alike; values are stored exactly as the SQLModel
columns store them, so rows written either way are the same rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")
Row = tuple[Any, ...]
Params = Mapping[str, object]

# Ids or uids per IN (...) list, well under every database's limit on parameters.
CHUNK = 500

# The largest LIMIT a database takes (a signed 64-bit integer); asking for more means every row.
MAX_ROWS = 2**63 - 1


def row_limit(limit: int) -> int:
    """``limit`` as SQL can take it: a count past the 64-bit range overflows the driver."""
    return min(limit, MAX_ROWS)


def chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """``items`` in slices of at most CHUNK, for IN (...) lists of any length."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def in_list(name: str, values: Iterable[object]) -> tuple[str, dict[str, object]]:
    """Placeholders for ``IN (...)`` and their parameters: ``(":name0, :name1", {...})``."""
    params = {f"{name}{index}": value for index, value in enumerate(values)}
    return ", ".join(f":{key}" for key in params) or "NULL", params


def naive_utc(moment: datetime) -> datetime:
    """An aware moment as the naive UTC time the columns hold; a naive one is refused."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).replace(tzinfo=None)


def sqlite_value(value: object) -> object:
    """A parameter as SQLite stores it: dates and moments as the text SQLAlchemy writes."""
    if isinstance(value, datetime):
        # As SQLAlchemy's SQLite dialect writes a DateTime: a four-digit year (which strftime
        # does not give before 1000) and always six digits of microseconds.
        return naive_utc(value).isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def server_value(value: object) -> object:
    """A parameter as a server database takes it: moments as naive UTC timestamps."""
    return naive_utc(value) if isinstance(value, datetime) else value


def day_of(value: Any) -> date:
    """A stored day as a date (SQLite gives text, a server a date)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def moment_of(value: Any) -> datetime:
    """A stored timestamp as an aware UTC moment."""
    if isinstance(value, str):
        # Parsed with its offset, the text needs no ``replace`` afterwards: several times
        # quicker, which counts for the tens of thousands of timestamps of an export.
        return datetime.fromisoformat(value + "+00:00")
    moment: datetime = value  # a server gives naive UTC datetimes
    return moment.replace(tzinfo=UTC)


def day_or_none(value: Any) -> date | None:
    """A stored day that may be missing."""
    return None if value is None else day_of(value)


def day_text(value: Any) -> str:
    """A stored day as ISO text: what SQLite holds already."""
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        return value
    return day_of(value).isoformat()


def day_text_or_none(value: Any) -> str | None:
    """A stored day that may be missing, as ISO text."""
    return None if value is None else day_text(value)


def moment_text(value: Any) -> str:
    """A stored timestamp as the ISO text of its aware UTC moment: ``moment_of(value).isoformat()``.

    Text in the form SQLAlchemy writes is rearranged rather than parsed and printed again,
    several times quicker for the tens of thousands of timestamps of an export.
    """
    if isinstance(value, str) and len(value) == 26 and value[10] == " " and value[19] == ".":
        if value.endswith(".000000"):  # isoformat leaves out a zero fraction
            return f"{value[:10]}T{value[11:19]}+00:00"
        return f"{value[:10]}T{value[11:]}+00:00"
    return moment_of(value).isoformat()


def insert_row(sql: Sql, table: str, values: Mapping[str, object]) -> int:
    """Add one row to ``table`` (a value for every column but the id); its id.

    Table and column names come from the code, never from input.
    """
    columns = ", ".join(values)
    placeholders = ", ".join(f":{column}" for column in values)
    # Every row a RETURNING statement gives is read, so that the statement is finished.
    ((row_id,),) = sql.rows(
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) RETURNING id", values
    )
    return int(row_id)


def update_row(sql: Sql, table: str, row_id: int, values: Mapping[str, object]) -> None:
    """Set the columns named in ``values`` (at least one) on the row of ``table`` with this id."""
    assignments = ", ".join(f"{column} = :{column}" for column in values)
    sql.run(f"UPDATE {table} SET {assignments} WHERE id = :row_id", {**values, "row_id": row_id})


def replace_owner_tags(sql: Sql, owner: str, owner_id: int, tags: Iterable[str]) -> None:
    """Make ``tags`` the tags of one entry or paper (``owner``): its ``OWNER_tag`` rows."""
    sql.run(f"DELETE FROM {owner}_tag WHERE {owner}_id = :id", {"id": owner_id})
    sql.run_many(
        f"INSERT INTO {owner}_tag ({owner}_id, tag) VALUES (:id, :tag)",
        ({"id": owner_id, "tag": tag} for tag in tags),
    )


class Sql:
    """One unit of work on the journal: statements with ``:name`` parameters, rows as tuples."""

    def __init__(self, *, sqlite: bool) -> None:
        """``sqlite`` says how values are stored (text dates) and which SQL the database reads."""
        self.sqlite = sqlite

    def _bind(self, params: Params | None) -> dict[str, object]:
        convert = sqlite_value if self.sqlite else server_value
        return {key: convert(value) for key, value in (params or {}).items()}

    def _execute(self, statement: str, params: dict[str, object]) -> Any:
        raise NotImplementedError

    def rows(self, statement: str, params: Params | None = None) -> list[Row]:
        """Every row the statement gives."""
        return [tuple(row) for row in self._execute(statement, self._bind(params)).fetchall()]

    def row(self, statement: str, params: Params | None = None) -> Row | None:
        """The first row, or ``None``."""
        found = self._execute(statement, self._bind(params)).fetchone()
        return None if found is None else tuple(found)

    def value(self, statement: str, params: Params | None = None) -> Any:
        """The first column of the first row, or ``None``."""
        found = self.row(statement, params)
        return None if found is None else found[0]

    def run(self, statement: str, params: Params | None = None) -> int:
        """Run a write; the number of rows it changed."""
        return int(self._execute(statement, self._bind(params)).rowcount)

    def run_many(self, statement: str, rows: Iterable[Params]) -> None:
        """Run one write for each set of parameters."""
        for params in rows:
            self._execute(statement, self._bind(params))


class SqliteSql(Sql):
    """Statements on a ``sqlite3`` connection, inside the transaction the journal opened."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        """Use ``connection``; its transaction is begun and ended by the journal."""
        super().__init__(sqlite=True)
        self.connection = connection

    def _execute(self, statement: str, params: dict[str, object]) -> Any:
        return self.connection.execute(statement, params)

    def rows(self, statement: str, params: Params | None = None) -> list[Row]:
        """Every row the statement gives: ``sqlite3`` makes them tuples already."""
        rows: list[Row] = self._execute(statement, self._bind(params)).fetchall()
        return rows

    def run_many(self, statement: str, rows: Iterable[Params]) -> None:
        """Run one write for each set of parameters, in one call to the driver."""
        self.connection.executemany(statement, (self._bind(params) for params in rows))


class SessionSql(Sql):
    """Statements through a SQLAlchemy session: a server journal, or a session already open."""

    def __init__(self, session: Session) -> None:
        """Run statements in ``session``'s transaction."""
        super().__init__(sqlite=session.get_bind().dialect.name == "sqlite")
        self.session = session

    def _execute(self, statement: str, params: dict[str, object]) -> Any:
        from sqlalchemy import text

        return self.session.execute(text(statement), params)
