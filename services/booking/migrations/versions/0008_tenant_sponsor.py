"""Booking keeps each community's sponsoring agency (issue #18), so the sponsor report can count
a community's hours under the agency tenancy last named, with when that was said.

Expand only: both columns are nullable and the code before this release never reads them.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SCHEMA = "booking"


def upgrade() -> None:
    op.add_column("tenant_standings", sa.Column("sponsor_agency", sa.Text), schema=SCHEMA)
    op.add_column(
        "tenant_standings", sa.Column("sponsor_at", sa.DateTime(timezone=True)), schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_column("tenant_standings", "sponsor_at", schema=SCHEMA)
    op.drop_column("tenant_standings", "sponsor_agency", schema=SCHEMA)
