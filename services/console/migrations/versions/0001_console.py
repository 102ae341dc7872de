"""The console's schema: the frame's tables and the web sessions (issue #15).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.persistence.migration_ops import (
    create_audit_log_v1,
    create_idempotency_keys_v1,
    create_outbox_and_inbox_v1,
    drop_audit_log_v1,
    drop_outbox_and_inbox_v1,
    outbox_v2_tombstones_and_parking,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "console"


def upgrade() -> None:
    create_outbox_and_inbox_v1(SCHEMA)
    outbox_v2_tombstones_and_parking(SCHEMA)
    create_idempotency_keys_v1(SCHEMA)
    create_audit_log_v1(SCHEMA)
    op.create_table(
        "sessions",
        sa.Column("token_sha256", sa.Text, primary_key=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("username", sa.Text),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("roles", JSONB, nullable=False),
        sa.Column("tenant_id", UUID(as_uuid=True)),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("access_token", sa.Text, nullable=False),
        sa.Column("refresh_token", sa.Text),
        sa.Column("id_token", sa.Text),
        sa.Column("access_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_index("sessions_by_expiry", "sessions", ["expires_at"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("sessions", schema=SCHEMA)
    drop_audit_log_v1(SCHEMA)
    op.drop_table("idempotency_keys", schema=SCHEMA)
    drop_outbox_and_inbox_v1(SCHEMA)
