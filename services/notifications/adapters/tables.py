"""The notifications schema as SQLAlchemy Core tables (the migrations create them)."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.idempotency import idempotency_table
from shared.messaging_tables import inbox_table, outbox_table

SCHEMA = "notifications"
metadata = sa.MetaData(schema=SCHEMA)

notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("tenant_id", UUID(as_uuid=True), nullable=False),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("source_event_id", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("details", JSONB, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
idempotency_keys = idempotency_table(metadata)
