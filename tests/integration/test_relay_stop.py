"""The outbox relay on graceful shutdown, against the real broker and database: asked to stop,
it publishes what is already committed before it returns, and a standby returns at once.

The outbox is a schema of the test's own, so no relay of a running service competes for it."""

import asyncio
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bitc.topic_provisioning import create_topics
from contracts.topics import TopicSpec
from shared.messaging.outbox_relay import OutboxRelay, RelayConfig
from shared.messaging.tables import outbox_table
from shared.observability.metrics import ServiceMetrics
from tests.kafka_reading import read_until
from tests.polling import within

pytestmark = pytest.mark.integration

ROWS = 30


@pytest.fixture
async def own_outbox(infra):
    schema, topic = f"relay_{uuid.uuid4().hex[:8]}", f"test.relay.{uuid.uuid4().hex[:8]}"
    await create_topics(infra.kafka_bootstrap, [TopicSpec(topic, 1, False, "", "")])
    url = make_url(infra.admin_dsn).set(drivername="postgresql+asyncpg")
    engine = create_async_engine(url)
    table = outbox_table(sa.MetaData(schema=schema))
    async with engine.begin() as conn:
        await conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        await conn.run_sync(table.metadata.create_all)
    yield engine, table, topic
    async with engine.begin() as conn:
        await conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    await engine.dispose()


def relay(infra, schema: str) -> OutboxRelay:
    config = RelayConfig(
        database_url=infra.admin_dsn,
        schema=schema,
        bootstrap_servers=infra.kafka_bootstrap,
        client_id=f"test-relay-{uuid.uuid4()}",
        batch_size=7,  # several rounds to drain
        poll_interval_s=0.2,
    )
    return OutboxRelay(config, ServiceMetrics())


async def test_a_stopped_relay_publishes_what_was_committed_before_it_returns(infra, own_outbox):
    engine, table, topic = own_outbox
    leader, standby = relay(infra, table.schema), relay(infra, table.schema)
    leading = asyncio.create_task(leader.run())
    waiting = asyncio.create_task(standby.run())
    rows = [
        {
            "id": uuid.uuid4(),
            "aggregate_type": "test",
            "aggregate_id": "a",
            "type": "id.bitc.test.v1",
            "topic": topic,
            "payload": {"n": n},
            "headers": {},
        }
        for n in range(ROWS)
    ]
    async with engine.begin() as conn:
        await conn.execute(table.insert(), rows)

    leader.stop()
    standby.stop()
    await within(20, asyncio.gather(leading, waiting))

    async with engine.connect() as conn:
        unpublished = await conn.scalar(
            sa.select(sa.func.count()).where(table.c.published_at.is_(None))
        )
    assert unpublished == 0
    records = await read_until(infra.kafka_bootstrap, topic, done=lambda rs: len(rs) >= ROWS)
    assert len(records) == ROWS
