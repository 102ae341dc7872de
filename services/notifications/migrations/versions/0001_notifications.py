"""Notifications, with the outbox and inbox.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.persistence.migration_ops import create_outbox_and_inbox_v1, drop_outbox_and_inbox_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "notifications"


def upgrade() -> None:
    create_outbox_and_inbox_v1(SCHEMA)
    op.create_table(
        "notifications",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", UUID(as_uuid=True), nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("source_event_id", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("details", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        # Beside the inbox, the table itself refuses a second notice for one event and tenant.
        sa.UniqueConstraint(
            "source_event_id", "tenant_id", "category", name="one_notification_per_event"
        ),
        schema=SCHEMA,
    )
    op.create_index(
        "notifications_by_tenant", "notifications", ["tenant_id", "created_at"], schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_table("notifications", schema=SCHEMA)
    drop_outbox_and_inbox_v1(SCHEMA)
