"""A team session's screen key: opens the projector view (the aggregate, nothing of any one participant) in a
window of its own, a second screen, without the admin token.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: sessions created before get theirs when their lead next opens the dashboard.
    op.add_column("team_sessions", sa.Column("screen_key", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("team_sessions", "screen_key")
