"""Benchmark results: one row per result, the whole result as JSON plus the columns that find it again.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database made by create_all before migrations existed already has the table: adopt it as it is.
    if sa.inspect(op.get_bind()).has_table("benchmark_results"):
        return
    op.create_table(
        "benchmark_results",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("cache_key", sa.Text, nullable=False),
        sa.Column("machine_fingerprint", sa.Text, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_results_cache", "benchmark_results", ["cache_key", "machine_fingerprint"])
