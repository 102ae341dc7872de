"""Frozen migration steps every service shares. A step's DDL never changes once released: a
change to the outbox or inbox is a new step, added to each service's migrations."""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID


def _index_outbox_by_seq(schema: str, name: str, where: str) -> None:
    """The relay's partial index: the outbox rows still to publish, in commit order."""
    op.create_index(name, "outbox", ["seq"], schema=schema, postgresql_where=sa.text(where))


def create_outbox_and_inbox_v1(schema: str) -> None:
    op.create_table(
        "outbox",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
        sa.Column("aggregate_type", sa.Text, nullable=False),
        sa.Column("aggregate_id", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("payload", JSONB, nullable=False),
        sa.Column("headers", JSONB, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        schema=schema,
    )
    _index_outbox_by_seq(schema, "outbox_unpublished_by_seq", "published_at IS NULL")
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column(
            "handled_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        schema=schema,
    )


def create_idempotency_keys_v1(schema: str) -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("resource_id", sa.Text),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        schema=schema,
    )


def outbox_v2_tombstones_and_parking(schema: str) -> None:
    """Tombstones for compacted topics; attempts, last error and parking for rows Kafka refuses."""
    columns = [
        sa.Column("tombstone", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("last_error", sa.Text),
        sa.Column("parked_at", sa.DateTime(timezone=True)),
    ]
    for column in columns:
        op.add_column("outbox", column, schema=schema)
    op.drop_index("outbox_unpublished_by_seq", "outbox", schema=schema)
    _index_outbox_by_seq(
        schema, "outbox_pending_by_seq", "published_at IS NULL AND parked_at IS NULL"
    )


def outbox_v2_downgrade(schema: str) -> None:
    op.drop_index("outbox_pending_by_seq", "outbox", schema=schema)
    _index_outbox_by_seq(schema, "outbox_unpublished_by_seq", "published_at IS NULL")
    for column in ("parked_at", "last_error", "attempts", "tombstone"):
        op.drop_column("outbox", column, schema=schema)


def drop_outbox_and_inbox_v1(schema: str) -> None:
    op.drop_table("inbox", schema=schema)
    op.drop_table("outbox", schema=schema)


def create_audit_log_v1(schema: str) -> None:
    """The append-only audit log: a trigger refuses deletes, truncation and any update but the
    redaction of erased personal data in the free-text actor and reason."""
    op.create_table(
        "audit_log",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("target_type", sa.Text, nullable=False),
        sa.Column("target_id", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("details", JSONB, nullable=False),
        sa.Column("correlation_id", sa.Text),
        schema=schema,
    )
    op.create_index("audit_log_by_time", "audit_log", ["occurred_at", "id"], schema=schema)
    op.create_index("audit_log_by_target", "audit_log", ["target_id", "occurred_at"], schema=schema)
    op.create_index("audit_log_by_actor", "audit_log", ["actor", "occurred_at"], schema=schema)
    op.execute(
        f"""
        CREATE FUNCTION {schema}.audit_log_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND (NEW.id, NEW.occurred_at, NEW.action, NEW.target_type,
                    NEW.target_id, NEW.details, NEW.correlation_id)
                IS NOT DISTINCT FROM (OLD.id, OLD.occurred_at, OLD.action, OLD.target_type,
                    OLD.target_id, OLD.details, OLD.correlation_id) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END $$
        """
    )
    op.execute(
        f"CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON {schema}.audit_log "
        f"FOR EACH ROW EXECUTE FUNCTION {schema}.audit_log_append_only()"
    )
    op.execute(
        f"CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {schema}.audit_log "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {schema}.audit_log_append_only()"
    )


def drop_audit_log_v1(schema: str) -> None:
    op.drop_table("audit_log", schema=schema)
    op.execute(f"DROP FUNCTION {schema}.audit_log_append_only()")


def fill_on_insert_v1(schema: str, table: str, fills: dict[str, str]) -> None:
    """A BEFORE INSERT trigger giving each column of ``fills`` its SQL expression (over ``NEW``)
    when an INSERT leaves it NULL: how a NOT NULL column whose value derives from other columns
    stays writable by code that does not know it (expand/contract, docs/operations.md)."""
    assignments = "\n".join(
        f"            NEW.{column} := coalesce(NEW.{column}, {expression});"
        for column, expression in fills.items()
    )
    op.execute(
        f"""
        CREATE FUNCTION {schema}.{table}_fill_on_insert() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
{assignments}
            RETURN NEW;
        END $$
        """
    )
    op.execute(
        f"CREATE TRIGGER {table}_fill_on_insert BEFORE INSERT ON {schema}.{table} "
        f"FOR EACH ROW EXECUTE FUNCTION {schema}.{table}_fill_on_insert()"
    )


def drop_fill_on_insert_v1(schema: str, table: str) -> None:
    op.execute(f"DROP TRIGGER {table}_fill_on_insert ON {schema}.{table}")
    op.execute(f"DROP FUNCTION {schema}.{table}_fill_on_insert()")


def outbox_wakes_its_relay_v1(schema: str) -> None:
    """The outbox NOTIFYs its relay itself, once per INSERT statement (PostgreSQL delivers one
    notification per channel at commit): a commit with events no longer spends a round trip on
    waking the relay, and nothing that writes to the outbox can forget to. The channel is the
    one the relay LISTENs on (shared/messaging/outbox_store.py ``outbox_notify_channel``),
    spelled out here because a released step never changes."""
    channel = f"{schema}_outbox"
    op.execute(
        f"""
        CREATE FUNCTION {schema}.outbox_wake_relay() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{channel}', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        f"CREATE TRIGGER outbox_wake_relay AFTER INSERT ON {schema}.outbox "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {schema}.outbox_wake_relay()"
    )


def drop_outbox_wakes_its_relay_v1(schema: str) -> None:
    op.execute(f"DROP TRIGGER outbox_wake_relay ON {schema}.outbox")
    op.execute(f"DROP FUNCTION {schema}.outbox_wake_relay()")
