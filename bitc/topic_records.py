"""The events on a set of topics from a moment on, read without joining any consumer group."""

import asyncio
import json
from dataclasses import dataclass
from datetime import datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import for_code
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
    partitions = await _partitions(bootstrap, security, topics)
    if not partitions:
        return []
    # earliest: a position the consumer picks on its own must never skip records.
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **security.client_kwargs(),
    )
    await consumer.start()
    try:
        async with asyncio.timeout(_READ_LIMIT_S):
            consumer.assign(partitions)
            since_ms = int(since.timestamp() * 1000)
            starts = await consumer.offsets_for_times(dict.fromkeys(partitions, since_ms))
            ends = await consumer.end_offsets(partitions)
            for tp in partitions:
                consumer.seek(tp, starts[tp].offset if starts[tp] else ends[tp])
            events: list[EventOnKafka] = []
            while any([await consumer.position(tp) < end for tp, end in ends.items()]):
                for tp, batch in (await consumer.getmany(timeout_ms=500)).items():
                    on_time = (_event(r) for r in batch if r.offset < ends[tp])
                    events.extend(e for e in on_time if e is not None)
            return events
    finally:
        await consumer.stop()


async def _partitions(
    bootstrap: str, security: KafkaSecurity, topics: list[str]
) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **security.client_kwargs())
    await admin.start()
    try:
        described = await admin.describe_topics(topics) if topics else []
    finally:
        await admin.close()
    # A topic the principal may not describe answers with no partitions: an error here, or
    # the loss window would look empty instead of refused.
    for topic in described:
        if error := topic["error_code"]:
            raise for_code(error)(topic["topic"])
    return [
        TopicPartition(topic["topic"], p["partition"])
        for topic in described
        for p in topic["partitions"]
    ]


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
