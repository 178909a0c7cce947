"""Alembic migrations of the learnlog schema."""
