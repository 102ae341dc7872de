"""Idempotency keys of creating POSTs.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from shared.persistence.migration_ops import create_idempotency_keys_v1

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = "notifications"


def upgrade() -> None:
    create_idempotency_keys_v1(SCHEMA)


def downgrade() -> None:
    op.drop_table("idempotency_keys", schema=SCHEMA)
