"""The outbox as the relay reads and marks it (shared/messaging/outbox_store.py), against the
real database: pending rows come in publication order, a failed row stays pending with its
error counted, a parked row waits for an operator, and the backlog figures say so.

The outbox is a schema of the test's own, so no relay of a running service touches it."""

import json
import uuid

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from shared.messaging.outbox_publishing import BatchOutcome
from shared.messaging.outbox_store import RelayOutbox
from shared.messaging.tables import outbox_table

pytestmark = pytest.mark.integration


@pytest.fixture
async def own_outbox(infra):
    schema = f"store_{uuid.uuid4().hex[:8]}"
    engine = create_async_engine(make_url(infra.admin_dsn).set(drivername="postgresql+asyncpg"))
    table = outbox_table(sa.MetaData(schema=schema))
    async with engine.begin() as conn:
        await conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        await conn.run_sync(table.metadata.create_all)
    conn = await asyncpg.connect(make_url(infra.admin_dsn).render_as_string(False))
    yield engine, table, conn
    await conn.close()
    async with engine.begin() as admin:
        await admin.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    await engine.dispose()


def _row(key: str) -> dict:
    event_id = uuid.uuid4()
    return {
        "id": event_id,
        "aggregate_type": "thing",
        "aggregate_id": key,
        "type": "bitc.test.thing-happened.v1",
        "topic": "test.things",
        "payload": {"id": str(event_id), "data": {"key": key}},
        "headers": {"bitc-event-id": str(event_id)},
    }


async def test_the_relay_reads_pending_rows_in_order_and_records_what_became_of_each(own_outbox):
    engine, table, conn = own_outbox
    rows = [_row(key) for key in ("k1", "k2", "k3", "k4")]
    async with engine.begin() as db:
        for row in rows:  # one by one, so seq follows the list
            await db.execute(table.insert(), row)
    outbox = RelayOutbox(table.schema)
    published, failed, parked, untouched = (row["id"] for row in rows)

    first = await outbox.next_batch(conn, 3)
    assert [r["id"] for r in first] == [published, failed, parked]
    assert json.loads(first[0]["payload"]) == rows[0]["payload"]
    assert json.loads(first[0]["headers"]) == rows[0]["headers"]
    assert first[0]["aggregate_id"] == "k1"
    assert first[0]["tombstone"] is False

    await outbox.record(
        conn,
        BatchOutcome(
            published=[published], failed=[(failed, "broker away")], parked=[(parked, "too big")]
        ),
    )

    assert [r["id"] for r in await outbox.next_batch(conn, 10)] == [failed, untouched]
    async with engine.connect() as db:
        marks = {
            r.id: r
            for r in await db.execute(
                sa.select(
                    table.c.id,
                    table.c.published_at,
                    table.c.attempts,
                    table.c.last_error,
                    table.c.parked_at,
                )
            )
        }
    assert marks[published].published_at is not None
    assert (marks[failed].attempts, marks[failed].last_error) == (1, "broker away")
    assert marks[failed].parked_at is None
    assert marks[failed].published_at is None
    assert (marks[parked].attempts, marks[parked].last_error) == (1, "too big")
    assert marks[parked].parked_at is not None
    assert marks[untouched].attempts == 0

    figures = await outbox.figures(conn)
    assert (figures.pending, figures.parked) == (2, 1)
    assert figures.oldest_pending_age_s > 0
    # Parked rows are unpublished too: a drill resending by aggregate sees them.
    of_k3_k4 = await outbox.unpublished_of(conn, ["k3", "k4"])
    assert [r["id"] for r in of_k3_k4] == [parked, untouched]


async def test_an_empty_outbox_has_nothing_pending_and_no_age(own_outbox):
    _, table, conn = own_outbox
    outbox = RelayOutbox(table.schema)

    assert await outbox.next_batch(conn, 10) == []
    figures = await outbox.figures(conn)
    assert (figures.pending, figures.oldest_pending_age_s, figures.parked) == (0, 0.0, 0)
