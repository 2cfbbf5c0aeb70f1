"""Team sessions and their participants' answers (one set per participant: a unique constraint).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_sessions",
        sa.Column("code", sa.String(6), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("admin_hash", sa.String(64), nullable=False),
        sa.Column("closed", sa.Boolean, nullable=False),
        sa.Column("show_aggregate", sa.Boolean, nullable=False),
    )
    op.create_table(
        "team_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_code", sa.String(6), sa.ForeignKey("team_sessions.code", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("participant_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("session_code", "participant_hash", name="uq_team_answers_participant"),
    )
