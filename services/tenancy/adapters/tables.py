"""The tenancy schema as SQLAlchemy Core tables (the migrations create them)."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from shared.idempotency import idempotency_table
from shared.messaging_tables import inbox_table, outbox_table

SCHEMA = "tenancy"
metadata = sa.MetaData(schema=SCHEMA)

tenants = sa.Table(
    "tenants",
    metadata,
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
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
idempotency_keys = idempotency_table(metadata)
