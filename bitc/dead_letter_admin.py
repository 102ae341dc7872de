"""Inspecting, replaying and discarding a service's dead letters (``bitc dlq``).

A dead letter keeps the original record's bytes, key and headers, plus ``dlq.*`` headers saying
why and where it came from. Replaying publishes the original record to its original topic
again; consumers that had handled it meanwhile skip it by its event id (their inbox), so a
replay is safe to repeat. What operators decided is kept, keyed by the dead letter's position,
on a compacted topic, so ``list`` shows only what still needs attention.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord

from contracts.topics import dead_letter_resolutions_topic, dead_letter_topic
from shared.kafka_clients import PRODUCER_SETTINGS

_DLQ_HEADER_PREFIX = "dlq."


@dataclass(frozen=True)
class DeadLetterView:
    position: str  # "<partition>:<offset>" on the dead-letter topic
    reason: str
    detail: str
    consumer: str
    origin: str  # "<topic>/<partition>@<offset>"
    event_type: str
    event_id: str
    resolution: str | None  # "replayed" / "discarded" with when, or None while open
    record: ConsumerRecord


async def read_dead_letters(bootstrap: str, service: str) -> list[DeadLetterView]:
    resolutions = {
        record.key.decode(): json.loads(record.value)
        for record in await _read_all(bootstrap, dead_letter_resolutions_topic(service))
        if record.key is not None and record.value is not None
    }
    return [
        _view(record, resolutions)
        for record in await _read_all(bootstrap, dead_letter_topic(service))
    ]


async def replay(bootstrap: str, service: str, letter: DeadLetterView, operator: str) -> None:
    headers = [
        (k, v) for k, v in letter.record.headers or () if not k.startswith(_DLQ_HEADER_PREFIX)
    ]
    headers.append(
        ("dlq.replayed-from", f"{dead_letter_topic(service)}/{letter.position}".encode())
    )
    topic = letter.origin.split("/", 1)[0]
    await _publish([(topic, letter.record.key, letter.record.value, headers)], bootstrap)
    await _resolve(bootstrap, service, letter, "replayed", operator, "")


async def discard(
    bootstrap: str, service: str, letter: DeadLetterView, operator: str, why: str
) -> None:
    await _resolve(bootstrap, service, letter, "discarded", operator, why)


async def _resolve(
    bootstrap: str, service: str, letter: DeadLetterView, action: str, operator: str, why: str
) -> None:
    decision = {"action": action, "at": datetime.now(UTC).isoformat(), "by": operator, "why": why}
    value = json.dumps(decision).encode()
    topic = dead_letter_resolutions_topic(service)
    await _publish([(topic, letter.position.encode(), value, [])], bootstrap)


async def _publish(records: list[tuple], bootstrap: str) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, client_id="bitc-dlq", **PRODUCER_SETTINGS
    )
    await producer.start()
    try:
        for topic, key, value, headers in records:
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


def topic_reader(bootstrap: str) -> AIOKafkaConsumer:
    """A consumer for reading a topic by manual assignment, outside any consumer group.

    earliest, not the default latest: a position the consumer picks on its own (right after
    assign(), in a race with seek_to_beginning, or when retention removed the record it stood
    at) must land at the start of the log, never past the dead letters operators came to see.
    """
    return AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        client_id="bitc-dlq",
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )


async def _read_all(bootstrap: str, topic: str) -> list[ConsumerRecord]:
    """Every record on the topic when called, from the start of each partition."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="bitc-dlq")
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    partitions = [TopicPartition(topic, p["partition"]) for p in described[0]["partitions"]]
    consumer = topic_reader(bootstrap)
    await consumer.start()
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        await consumer.seek_to_beginning(*partitions)
        records: list[ConsumerRecord] = []
        while any([await consumer.position(tp) < end for tp, end in ends.items()]):
            for tp, batch in (await consumer.getmany(timeout_ms=500)).items():
                # Letters arriving meanwhile wait for the next look: the list is one snapshot.
                records.extend(record for record in batch if record.offset < ends[tp])
        return records
    finally:
        await consumer.stop()


def _view(record: ConsumerRecord, resolutions: dict[str, dict]) -> DeadLetterView:
    headers = {k: v.decode(errors="replace") for k, v in record.headers or ()}
    position = f"{record.partition}:{record.offset}"
    decided = resolutions.get(position)
    origin = "{}/{}@{}".format(
        headers.get("dlq.original.topic", "?"),
        headers.get("dlq.original.partition", "?"),
        headers.get("dlq.original.offset", "?"),
    )
    return DeadLetterView(
        position=position,
        reason=headers.get("dlq.reason", "?"),
        detail=headers.get("dlq.detail", ""),
        consumer=headers.get("dlq.consumer", "?"),
        origin=origin,
        event_type=headers.get("bitc-event-type", "?"),
        event_id=headers.get("bitc-event-id", "?"),
        resolution=f"{decided['action']} {decided['at']} by {decided['by']}" if decided else None,
        record=record,
    )
