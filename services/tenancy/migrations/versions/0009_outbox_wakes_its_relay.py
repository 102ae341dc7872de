"""The outbox wakes its relay itself (issue #17): a trigger NOTIFYs the relay's channel when a
transaction that wrote events commits, so the service no longer spends a round trip on it.

Expand only: the release before this one still NOTIFYs from its code as well, and PostgreSQL
delivers the two notifications of one transaction as one.

Revision ID: 0009
Revises: 0008
"""

from shared.persistence.migration_ops import (
    drop_outbox_wakes_its_relay_v1,
    outbox_wakes_its_relay_v1,
)

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SCHEMA = "tenancy"


def upgrade() -> None:
    outbox_wakes_its_relay_v1(SCHEMA)


def downgrade() -> None:
    drop_outbox_wakes_its_relay_v1(SCHEMA)
