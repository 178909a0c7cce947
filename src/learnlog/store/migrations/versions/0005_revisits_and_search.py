"""Revisits, and on SQLite a full-text index of entries and papers kept in step by triggers.

``search_index`` holds one row per entry outside the trash (rowid = entry id) and one per paper
(rowid = minus the paper id): columns title, text, authors, source and tags. An entry fills
text, source and tags; a paper fills title, text (its notes), authors and tags. Triggers on the
four tables rewrite a row inside the transaction that changed it, so every writer, imports
included, keeps the index true without knowing it exists.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_ENTRY_ROW = """
    INSERT INTO search_index(rowid, title, text, authors, source, tags)
    SELECT entry.id, '', entry.text, '', coalesce(entry.source, ''),
           coalesce((SELECT group_concat(tag, ' ') FROM entry_tag
                     WHERE entry_tag.entry_id = entry.id), '')
    FROM entry WHERE entry.id = {id} AND entry.deleted_at IS NULL;
"""
_PAPER_ROW = """
    INSERT INTO search_index(rowid, title, text, authors, source, tags)
    SELECT -paper.id, paper.title, coalesce(paper.notes, ''), coalesce(paper.authors, ''), '',
           coalesce((SELECT group_concat(tag, ' ') FROM paper_tag
                     WHERE paper_tag.paper_id = paper.id), '')
    FROM paper WHERE paper.id = {id};
"""


def _refresh(rowid: str, row: str) -> str:
    return f" DELETE FROM search_index WHERE rowid = {rowid};{row}"  # noqa: S608 - fixed SQL


_TRIGGERS = {
    "search_entry_insert": "AFTER INSERT ON entry BEGIN" + _ENTRY_ROW.format(id="NEW.id"),
    "search_entry_update": "AFTER UPDATE OF text, source, deleted_at ON entry BEGIN"
    + _refresh("OLD.id", _ENTRY_ROW.format(id="NEW.id")),
    "search_entry_delete": "AFTER DELETE ON entry BEGIN"
    " DELETE FROM search_index WHERE rowid = OLD.id;",
    "search_entry_tag_insert": "AFTER INSERT ON entry_tag BEGIN"
    + _refresh("NEW.entry_id", _ENTRY_ROW.format(id="NEW.entry_id")),
    "search_entry_tag_delete": "AFTER DELETE ON entry_tag BEGIN"
    + _refresh("OLD.entry_id", _ENTRY_ROW.format(id="OLD.entry_id")),
    "search_paper_insert": "AFTER INSERT ON paper BEGIN" + _PAPER_ROW.format(id="NEW.id"),
    "search_paper_update": "AFTER UPDATE OF title, authors, notes ON paper BEGIN"
    + _refresh("-OLD.id", _PAPER_ROW.format(id="NEW.id")),
    "search_paper_delete": "AFTER DELETE ON paper BEGIN"
    " DELETE FROM search_index WHERE rowid = -OLD.id;",
    "search_paper_tag_insert": "AFTER INSERT ON paper_tag BEGIN"
    + _refresh("-NEW.paper_id", _PAPER_ROW.format(id="NEW.paper_id")),
    "search_paper_tag_delete": "AFTER DELETE ON paper_tag BEGIN"
    + _refresh("-OLD.paper_id", _PAPER_ROW.format(id="OLD.paper_id")),
}


def upgrade() -> None:
    """Add the revisit table; on SQLite build the search index from what is there."""
    op.create_table(
        "revisit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["entry.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_revisit_entry_id_day", "revisit", ["entry_id", "day"])
    if op.get_bind().dialect.name != "sqlite":
        return  # other databases search without an index (store/search.py)
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "title, text, authors, source, tags, tokenize = 'unicode61 remove_diacritics 2')"
    )
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body} END")
    op.execute(_ENTRY_ROW.format(id="entry.id").replace("entry.id = entry.id AND ", ""))
    op.execute(_PAPER_ROW.format(id="paper.id").replace("WHERE paper.id = paper.id", ""))


def downgrade() -> None:
    """Drop the search index, its triggers and the revisits."""
    if op.get_bind().dialect.name == "sqlite":
        for name in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_index")
    op.drop_index("ix_revisit_entry_id_day", table_name="revisit")
    op.drop_table("revisit")
