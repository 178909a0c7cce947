"""The stack's floor: import typer, rich and sqlmodel, open a journal and read one row.

``benchmarks/run.py`` times this script with learnlog's own interpreter on the same journal as
each learnlog command; whatever learnlog takes beyond it is learnlog's own overhead.

Usage: ``python benchmarks/floor.py JOURNAL.db``
"""

from __future__ import annotations

import sys

import rich
import sqlmodel
import typer


def main(path: str) -> None:
    """Open ``path`` through SQLModel and print the newest entry (``None`` when empty)."""
    engine = sqlmodel.create_engine(f"sqlite:///{path}")
    with sqlmodel.Session(engine) as session:
        row = session.execute(
            sqlmodel.text("SELECT id, day, text FROM entry ORDER BY id DESC LIMIT 1")
        ).first()
    engine.dispose()
    print(typer.__name__, rich.__name__, row)


if __name__ == "__main__":
    main(sys.argv[1])
