"""Trash and undo: deleted entries stay 30 days, and deletes and edits can be taken back.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the entry's deletion time and the undo log."""
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))
    op.create_table(
        "undo_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("snapshot", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["entry.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("undo_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_undo_action_entry_id"), ["entry_id"], unique=False)


def downgrade() -> None:
    """Drop the undo log and the deletion time."""
    with op.batch_alter_table("undo_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_undo_action_entry_id"))
    op.drop_table("undo_action")
    with op.batch_alter_table("entry", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
