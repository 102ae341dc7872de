"""Announces each sponsored community's agency once (issue #18). Tenant events carry the sponsor
only from this release on, so booking, which counts the sponsor report, would never learn the
agency of a community registered before: each gets one tenant.sponsor_changed, written to the
outbox like any other event and published by the relay.

Revision ID: 0008
Revises: 0007
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from contracts.tenancy import TenantSponsorChanged
from shared.messaging.outbox_store import outbox_row
from shared.messaging.tables import outbox_table

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SCHEMA = "tenancy"
SOURCE = "/bitc/tenancy"


def upgrade() -> None:
    bind = op.get_bind()
    sponsored = bind.execute(
        sa.text(f"SELECT id, sponsor_agency FROM {SCHEMA}.tenants WHERE sponsor_agency IS NOT NULL")
    ).all()
    now = datetime.now(UTC)
    rows = [
        outbox_row(
            TenantSponsorChanged(tenant_id=tenant_id, occurred_at=now, sponsor_agency=agency),
            SOURCE,
        )
        for tenant_id, agency in sponsored
    ]
    if rows:
        bind.execute(outbox_table(sa.MetaData(schema=SCHEMA)).insert(), rows)


def downgrade() -> None:
    """Nothing to undo: what was announced stays announced (a later change announces again)."""
