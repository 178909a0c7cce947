"""Indexes for the queries that run on every streak, list and report.

Entries are counted per day outside the trash (day, deleted_at) and listed newest first
(day, created_at); check-ins are read per habit in day order (habit_id, day).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Replace the single-column indexes by the composite ones the queries use."""
    op.drop_index("ix_entry_day", table_name="entry")
    op.create_index("ix_entry_day_deleted_at", "entry", ["day", "deleted_at"])
    op.create_index("ix_entry_day_created_at", "entry", ["day", "created_at"])
    op.drop_index("ix_check_in_habit_id", table_name="check_in")
    op.create_index("ix_check_in_habit_id_day", "check_in", ["habit_id", "day"])


def downgrade() -> None:
    """Back to the single-column indexes."""
    op.drop_index("ix_check_in_habit_id_day", table_name="check_in")
    op.create_index("ix_check_in_habit_id", "check_in", ["habit_id"])
    op.drop_index("ix_entry_day_created_at", table_name="entry")
    op.drop_index("ix_entry_day_deleted_at", table_name="entry")
    op.create_index("ix_entry_day", "entry", ["day"])
