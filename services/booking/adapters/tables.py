"""The booking schema as SQLAlchemy Core tables (the migrations create them)."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from shared.idempotency import idempotency_table
from shared.messaging_tables import inbox_table, outbox_table

SCHEMA = "booking"
metadata = sa.MetaData(schema=SCHEMA)

spaces = sa.Table(
    "spaces",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("site", sa.Text, nullable=False),
    sa.Column("code", sa.Text, nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
)

bookings = sa.Table(
    "bookings",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("space_id", UUID(as_uuid=True), sa.ForeignKey(spaces.c.id), nullable=False),
    sa.Column("tenant_id", UUID(as_uuid=True), nullable=False),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

tenant_standings = sa.Table(
    "tenant_standings",
    metadata,
    sa.Column("tenant_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("standing", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("plan_code", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
idempotency_keys = idempotency_table(metadata)
