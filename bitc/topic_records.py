"""The events on a set of topics from a moment on, read without joining any consumer group."""

import asyncio
import json
from dataclasses import dataclass
from datetime import datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from shared.messaging.kafka_clients import KafkaSecurity

_READ_LIMIT_S = 300


@dataclass(frozen=True)
class EventOnKafka:
    topic: str
    event_id: str
    event_type: str
    key: str
    at: datetime


async def events_since(
    bootstrap: str, security: KafkaSecurity, topics: list[str], since: datetime
) -> list[EventOnKafka]:
    """Every event (tombstones included: their id is in a header) written at or after ``since``,
    up to the topics' ends as of now."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **security.client_kwargs()
    )
    await consumer.start()
    try:
        async with asyncio.timeout(_READ_LIMIT_S):
            await consumer.topics()  # metadata, so partitions_for_topic knows them
            partitions = [
                TopicPartition(topic, p)
                for topic in topics
                for p in sorted(consumer.partitions_for_topic(topic) or ())
            ]
            if not partitions:
                return []
            consumer.assign(partitions)
            since_ms = int(since.timestamp() * 1000)
            starts = await consumer.offsets_for_times(dict.fromkeys(partitions, since_ms))
            ends = await consumer.end_offsets(partitions)
            for tp in partitions:
                consumer.seek(tp, starts[tp].offset if starts[tp] else ends[tp])
            events: list[EventOnKafka] = []
            while any([await consumer.position(tp) < end for tp, end in ends.items()]):
                batch = await consumer.getmany(*partitions, timeout_ms=500)
                for records in batch.values():
                    events.extend(e for e in map(_event, records) if e is not None)
            return events
    finally:
        await consumer.stop()


def _event(record: ConsumerRecord) -> EventOnKafka | None:
    headers = {key: bytes(value).decode(errors="replace") for key, value in record.headers or ()}
    event_id = headers.get("bitc-event-id")
    if event_id is None and record.value is not None:
        try:
            event_id = str(json.loads(record.value)["id"])
        except (TypeError, ValueError, KeyError):
            return None
    if event_id is None:
        return None
    return EventOnKafka(
        topic=record.topic,
        event_id=event_id,
        event_type=headers.get("bitc-event-type", ""),
        key=record.key.decode(errors="replace") if record.key else "",
        at=datetime.fromtimestamp(record.timestamp / 1000).astimezone(),
    )
