"""The outbox and inbox tables, declared once and placed in each service's own schema.

Column names follow the Debezium / Eventuate outbox convention so CDC tooling could read them.
"""

import functools

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert


def outbox_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "outbox",
        metadata,
        sa.Column("id", UUID(as_uuid=True), primary_key=True),  # = the CloudEvents id
        # Publication order; assigned at insert, after the aggregate row lock is held.
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
        sa.Column("aggregate_type", sa.Text, nullable=False),
        sa.Column("aggregate_id", sa.Text, nullable=False),  # = the Kafka key
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("payload", JSONB, nullable=False),  # the whole CloudEvent
        sa.Column("headers", JSONB, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("tombstone", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("last_error", sa.Text),
        # Kafka refused the row for good (e.g. too large): it waits for an operator, not a retry.
        sa.Column("parked_at", sa.DateTime(timezone=True)),
        sa.Index(
            "outbox_pending_by_seq",
            "seq",
            postgresql_where=sa.text("published_at IS NULL AND parked_at IS NULL"),
        ),
    )


def inbox_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "inbox",
        metadata,
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column(
            "handled_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )


@functools.cache
def inbox_claim(inbox: sa.Table) -> sa.Insert:
    """Records (consumer, event_ids[i], types[i]) and returns the ids that were new.

    The ids travel as two arrays, not one VALUES row each, so the statement is the same for any
    batch size: SQLAlchemy compiles it and PostgreSQL prepares it once per connection, where a
    500-row VALUES list was compiled anew for every batch and took most of a consumer's time.
    """
    claimed = (
        sa.func.unnest(
            sa.bindparam("event_ids", type_=ARRAY(sa.Text)),
            sa.bindparam("types", type_=ARRAY(sa.Text)),
        )
        .table_valued("event_id", "type")
        .render_derived()
    )
    rows = sa.select(sa.bindparam("consumer", type_=sa.Text), claimed.c.event_id, claimed.c.type)
    return (
        pg_insert(inbox)
        .from_select(["consumer", "event_id", "type"], rows)
        .on_conflict_do_nothing()
        .returning(inbox.c.event_id)
    )


def outbox_notify_channel(schema: str) -> str:
    return f"{schema}_outbox"
