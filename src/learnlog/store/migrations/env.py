"""Alembic environment: runs on the connection learnlog hands over, inside its transaction."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import learnlog.store.models  # noqa: F401 - registers the tables on SQLModel.metadata


def run_migrations_online() -> None:
    """Migrate over the connection in ``config.attributes`` (learnlog always passes one)."""
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("learnlog migrations run through learnlog, which passes a connection")
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
