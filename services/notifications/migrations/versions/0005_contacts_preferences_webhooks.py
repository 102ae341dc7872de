"""Contacts from the private topic, recipients' preferences and webhook subscriptions.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SCHEMA = "notifications"
_tz = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("tenant_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("contact_name", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=False),
        sa.Column("phone", sa.Text),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("updated_at", _tz, nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "preferences",
        sa.Column("tenant_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("channels", JSONB, nullable=False),
        sa.Column("opted_out", JSONB, nullable=False),
        sa.Column("quiet_hours_start", sa.Time),
        sa.Column("quiet_hours_end", sa.Time),
        sa.Column("updated_at", _tz, nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "webhook_subscriptions",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("categories", JSONB, nullable=False),
        sa.Column("tenant_id", UUID(as_uuid=True)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("created_at", _tz, nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("webhook_subscriptions", schema=SCHEMA)
    op.drop_table("preferences", schema=SCHEMA)
    op.drop_table("contacts", schema=SCHEMA)
