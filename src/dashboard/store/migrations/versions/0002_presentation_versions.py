"""Saved presentations in the store, versioned: one row per save, so every app server sees
what an analyst saved on any of them, and a save under a used title keeps the earlier one.

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
    op.create_table(
        "presentation_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("presentation_key", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.UniqueConstraint("presentation_key", "version", name="uq_presentation_version"),
    )


def downgrade() -> None:
    op.drop_table("presentation_versions")
