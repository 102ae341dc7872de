"""Tenants, with the outbox and inbox.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

from shared.persistence.migration_ops import create_outbox_and_inbox_v1, drop_outbox_and_inbox_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "tenancy"


def upgrade() -> None:
    create_outbox_and_inbox_v1(SCHEMA)
    op.create_table(
        "tenants",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("plan_code", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("contact_name", sa.Text, nullable=False),
        sa.Column("contact_email", sa.Text, nullable=False),
        sa.Column("contact_phone", sa.Text),
        sa.Column("contact_language", sa.Text, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(
            "kind IN ('startup', 'company', 'community', 'individual')", name="tenant_kind"
        ),
        sa.CheckConstraint(
            "status IN ('applied', 'active', 'suspended', 'offboarded')", name="tenant_status"
        ),
        sa.CheckConstraint("contact_language IN ('id', 'en')", name="tenant_contact_language"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("tenants", schema=SCHEMA)
    drop_outbox_and_inbox_v1(SCHEMA)
