"""Scheduled booking reminders and what the staff digests are built from.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SCHEMA = "notifications"
_tz = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "booking_reminders",
        sa.Column("booking_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", UUID(as_uuid=True), nullable=False),
        sa.Column("starts_at", _tz, nullable=False),
        sa.Column("remind_at", _tz, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("details", JSONB, nullable=False),
        sa.CheckConstraint(
            "status IN ('scheduled', 'queued', 'withdrawn', 'missed')", name="known_status"
        ),
        schema=SCHEMA,
    )
    op.create_index(
        "reminders_due",
        "booking_reminders",
        ["remind_at"],
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'scheduled'"),
    )
    op.create_table(
        "pending_requests",
        sa.Column("booking_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", UUID(as_uuid=True), nullable=False),
        sa.Column("details", JSONB, nullable=False),
        sa.Column("requested_at", _tz, nullable=False),
        sa.Column("digested_at", _tz),
        schema=SCHEMA,
    )
    op.create_table(
        "lease_ends",
        sa.Column("lease_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", UUID(as_uuid=True), nullable=False),
        sa.Column("unit_id", UUID(as_uuid=True), nullable=False),
        sa.Column("site", sa.Text, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        schema=SCHEMA,
    )
    op.create_index("lease_ends_by_date", "lease_ends", ["ends_on"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("lease_ends", schema=SCHEMA)
    op.drop_table("pending_requests", schema=SCHEMA)
    op.drop_table("booking_reminders", schema=SCHEMA)
