"""Deployment checks: one row per check, the whole DeployResult as JSON plus what finds it again.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deploy_results",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("model", sa.String(32), nullable=False),
        sa.Column("size", sa.String(16), nullable=False),
        sa.Column("machine_fingerprint", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
