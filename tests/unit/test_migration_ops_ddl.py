"""The shared migration steps are released: the DDL they emit must never change."""

import io

from alembic.migration import MigrationContext
from alembic.operations import Operations

from shared.persistence import migration_ops


def _offline_sql(step: str) -> list[str]:
    """The statements one step emits in Alembic's offline (--sql) mode for schema `svc`."""
    out = io.StringIO()
    context = MigrationContext.configure(
        dialect_name="postgresql", opts={"as_sql": True, "output_buffer": out}
    )
    with Operations.context(context):
        getattr(migration_ops, step)("svc")
    return [line.strip() for line in out.getvalue().split(";") if line.strip()]


def test_outbox_v1_indexes_unpublished_rows_by_seq() -> None:
    assert (
        "CREATE INDEX outbox_unpublished_by_seq ON svc.outbox (seq) WHERE published_at IS NULL"
        in _offline_sql("create_outbox_and_inbox_v1")
    )


def test_outbox_v2_swaps_the_index_for_one_that_skips_parked_rows() -> None:
    statements = _offline_sql("outbox_v2_tombstones_and_parking")
    assert statements[-2:] == [
        "DROP INDEX svc.outbox_unpublished_by_seq",
        "CREATE INDEX outbox_pending_by_seq ON svc.outbox (seq) "
        "WHERE published_at IS NULL AND parked_at IS NULL",
    ]


def test_outbox_v2_downgrade_restores_the_v1_index_then_drops_the_columns() -> None:
    statements = _offline_sql("outbox_v2_downgrade")
    assert statements[:2] == [
        "DROP INDEX svc.outbox_pending_by_seq",
        "CREATE INDEX outbox_unpublished_by_seq ON svc.outbox (seq) WHERE published_at IS NULL",
    ]
    assert [s for s in statements if s.startswith("ALTER TABLE")] == [
        f"ALTER TABLE svc.outbox DROP COLUMN {column}"
        for column in ("parked_at", "last_error", "attempts", "tombstone")
    ]
