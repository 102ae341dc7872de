"""Upkeep of the messaging machinery every service runs: consumer lag is measured from the real
broker, and old outbox and inbox rows are pruned while recent ones stay."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import OffsetAndMetadata

from bitc.topic_provisioning import create_topics
from contracts.topics import TopicSpec
from services.booking.adapters.tables import inbox, outbox
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.messaging.consumer_lag import ConsumerLagProbe
from shared.messaging.retention import retention_job
from shared.observability.metrics import ServiceMetrics
from shared.persistence.db import create_engine
from shared.runtime.periodic_jobs import run_job_once

pytestmark = pytest.mark.integration


async def test_consumer_lag_is_what_the_group_has_not_committed_yet(infra):
    topic, group = f"test.lag.{uuid.uuid4().hex[:8]}", f"test-lag-{uuid.uuid4().hex[:8]}"
    await create_topics(infra.kafka_bootstrap, [TopicSpec(topic, 2, False, "", "")])
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for partition, count in ((0, 5), (1, 2)):
            for _ in range(count):
                await producer.send_and_wait(topic, b"x", partition=partition)
    finally:
        await producer.stop()
    committer = AIOKafkaConsumer(
        bootstrap_servers=infra.kafka_bootstrap, group_id=group, enable_auto_commit=False
    )
    await committer.start()
    try:
        first = TopicPartition(topic, 0)
        committer.assign([first])
        await committer.commit({first: OffsetAndMetadata(2, "")})
    finally:
        await committer.stop()

    metrics = ServiceMetrics()
    admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap)
    ends = AIOKafkaConsumer(bootstrap_servers=infra.kafka_bootstrap)
    await admin.start()
    await ends.start()
    try:
        await ConsumerLagProbe(infra.kafka_bootstrap, [(group, topic)], metrics).refresh(
            admin, ends
        )
    finally:
        await ends.stop()
        await admin.close()

    def lag(partition: int) -> float | None:
        labels = {"consumer": group, "topic": topic, "partition": str(partition)}
        return metrics.registry.get_sample_value("kafka_consumer_lag_messages", labels)

    assert lag(0) == 3  # five written, two committed
    assert lag(1) == 2  # nothing committed on this partition yet


async def test_retention_prunes_old_published_events_and_old_inbox_entries_only(infra):
    engine = create_engine(infra.database_urls["booking"], pool_size=2)
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=40), now - timedelta(hours=1)
    ids = {name: uuid.uuid4() for name in ("old_published", "recent_published", "old_pending")}
    consumer = f"test-retention-{uuid.uuid4().hex[:8]}"
    try:
        async with engine.begin() as conn:
            for name, published_at in (
                ("old_published", old),
                ("recent_published", recent),
                ("old_pending", None),
            ):
                await conn.execute(
                    outbox.insert().values(
                        id=ids[name],
                        aggregate_type="test",
                        aggregate_id=name,
                        type="test",
                        topic="test",
                        payload={},
                        headers={},
                        created_at=old,
                        published_at=published_at,
                    )
                )
            await conn.execute(
                inbox.insert(),
                [
                    {"consumer": consumer, "event_id": "old", "type": "t", "handled_at": old},
                    {"consumer": consumer, "event_id": "recent", "type": "t", "handled_at": recent},
                ],
            )
        job = retention_job(outbox, inbox, outbox_days=7, inbox_days=30)
        assert await run_job_once(job, BookingUnitOfWork(engine), now)
        async with engine.connect() as conn:
            kept = set(
                await conn.scalars(sa.select(outbox.c.id).where(outbox.c.id.in_(ids.values())))
            )
            remembered = set(
                await conn.scalars(sa.select(inbox.c.event_id).where(inbox.c.consumer == consumer))
            )
    finally:
        # The service's relay shares this outbox: leave no pending row of ours behind.
        async with engine.begin() as conn:
            await conn.execute(outbox.delete().where(outbox.c.id.in_(ids.values())))
        await engine.dispose()
    assert kept == {ids["recent_published"], ids["old_pending"]}
    assert remembered == {"recent"}
