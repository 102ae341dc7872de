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

from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

from bitc.topic_snapshot import read_all
from contracts.topics import dead_letter_resolutions_topic, dead_letter_topic
from shared.messaging.kafka_clients import PLAINTEXT, PRODUCER_SETTINGS, KafkaSecurity

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


async def read_dead_letters(
    bootstrap: str, service: str, security: KafkaSecurity = PLAINTEXT
) -> list[DeadLetterView]:
    resolutions = {
        record.key.decode(): json.loads(record.value)
        for record in await read_all(bootstrap, dead_letter_resolutions_topic(service), security)
        if record.key is not None and record.value is not None
    }
    return [
        _view(record, resolutions)
        for record in await read_all(bootstrap, dead_letter_topic(service), security)
    ]


async def replay(
    bootstrap: str,
    service: str,
    letter: DeadLetterView,
    operator: str,
    security: KafkaSecurity = PLAINTEXT,
) -> None:
    headers = [
        (k, v) for k, v in letter.record.headers or () if not k.startswith(_DLQ_HEADER_PREFIX)
    ]
    headers.append(
        ("dlq.replayed-from", f"{dead_letter_topic(service)}/{letter.position}".encode())
    )
    topic = letter.origin.split("/", 1)[0]
    await _publish([(topic, letter.record.key, letter.record.value, headers)], bootstrap, security)
    await _resolve(bootstrap, service, letter, ("replayed", operator, ""), security)


async def discard(
    bootstrap: str,
    service: str,
    letter: DeadLetterView,
    operator: str,
    why: str,
    security: KafkaSecurity = PLAINTEXT,
) -> None:
    await _resolve(bootstrap, service, letter, ("discarded", operator, why), security)


async def _resolve(
    bootstrap: str,
    service: str,
    letter: DeadLetterView,
    decided: tuple[str, str, str],
    security: KafkaSecurity,
) -> None:
    action, operator, why = decided
    decision = {"action": action, "at": datetime.now(UTC).isoformat(), "by": operator, "why": why}
    value = json.dumps(decision).encode()
    topic = dead_letter_resolutions_topic(service)
    await _publish([(topic, letter.position.encode(), value, [])], bootstrap, security)


async def _publish(records: list[tuple], bootstrap: str, security: KafkaSecurity) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id="bitc-dlq",
        **PRODUCER_SETTINGS,
        **security.client_kwargs(),
    )
    await producer.start()
    try:
        for topic, key, value, headers in records:
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


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
