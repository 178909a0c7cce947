"""Skips name their habit, so that the built-in journal and papers habits can be excused too.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Replace the skip's habit id by the habit's name; an empty name still means every habit."""
    with op.batch_alter_table("skip", schema=None) as batch_op:
        batch_op.add_column(sa.Column("habit", sa.String(length=40), nullable=True))
    op.execute("UPDATE skip SET habit = (SELECT name FROM habit WHERE habit.id = skip.habit_id)")
    with op.batch_alter_table("skip", schema=None) as batch_op:
        batch_op.drop_column("habit_id")
        batch_op.create_index(batch_op.f("ix_skip_habit"), ["habit"], unique=False)


def downgrade() -> None:
    """Point skips at habit ids again; skips of the built-in habits cannot be kept."""
    with op.batch_alter_table("skip", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skip_habit"))
        batch_op.add_column(sa.Column("habit_id", sa.Integer(), nullable=True))
    op.execute("UPDATE skip SET habit_id = (SELECT id FROM habit WHERE habit.name = skip.habit)")
    op.execute("DELETE FROM skip WHERE habit IS NOT NULL AND habit_id IS NULL")
    with op.batch_alter_table("skip", schema=None) as batch_op:
        batch_op.drop_column("habit")
        batch_op.create_foreign_key(None, "habit", ["habit_id"], ["id"], ondelete="CASCADE")
