"""Outbox rows can be tombstones, and rows Kafka refuses for good are parked with the error.

Revision ID: 0003
Revises: 0002
"""

from shared.persistence.migration_ops import outbox_v2_downgrade, outbox_v2_tombstones_and_parking

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCHEMA = "tenancy"


def upgrade() -> None:
    outbox_v2_tombstones_and_parking(SCHEMA)


def downgrade() -> None:
    outbox_v2_downgrade(SCHEMA)
