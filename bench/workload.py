"""The events both runs of bench/event_pipeline.py carry, and the raw aiokafka baseline they are
compared with: the same messages produced (idempotent, acks=all) and consumed once."""

import asyncio
import time
import uuid
from datetime import UTC, datetime
from typing import ClassVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.infrastructure import BenchInfra
from shared.messaging.envelope import encode, wrap_event
from shared.messaging.events import DomainEvent
from shared.messaging.kafka_clients import PRODUCER_SETTINGS


def bench_event_class(topic: str) -> type[DomainEvent]:
    class BenchEvent(DomainEvent):
        name: ClassVar[str] = "bench.happened"
        aggregate_type: ClassVar[str] = "bench"
        key_field: ClassVar[str] = "subject_id"

        subject_id: uuid.UUID
        space_code: str
        occurred_at: datetime

    BenchEvent.topic = topic
    return BenchEvent


def envelopes(event_class: type[DomainEvent], count: int) -> list[dict]:
    now = datetime.now(UTC)
    keys = [uuid.uuid4() for _ in range(200)]
    return [
        wrap_event(
            event_class(subject_id=keys[i % len(keys)], space_code="BITC-MUSIC-1", occurred_at=now),
            source="/bench",
            correlation_id=None,
            causation_id=None,
        )
        for i in range(count)
    ]


async def raw_kafka(infra: BenchInfra, topic: str, messages: list[dict]) -> float:
    """Seconds to produce (idempotent, acks=all) and consume every message once."""
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, **PRODUCER_SETTINGS)
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=infra.kafka_bootstrap,
        group_id=f"bench-raw-{uuid.uuid4()}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await producer.start()
    await consumer.start()
    try:
        started = time.perf_counter()
        deliveries = [
            await producer.send(topic, encode(m), key=m["subject"].encode()) for m in messages
        ]
        await asyncio.gather(*deliveries)
        received = 0
        while received < len(messages):
            batch = await consumer.getmany(timeout_ms=500)
            received += sum(len(records) for records in batch.values())
            await consumer.commit()
        return time.perf_counter() - started
    finally:
        await producer.stop()
        await consumer.stop()
