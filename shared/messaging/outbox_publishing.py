"""Sends one batch of outbox rows to Kafka and tells, row by row, what became of each.

Per key, a row counts as published only when it and every earlier row of its key in the batch
were acknowledged; a later row whose key had a failure is sent again next round (consumers
drop the duplicate by event id), so one aggregate's events are never published out of order by
a retry. A row Kafka refuses for good (too large, a topic that does not exist, not authorised) is
parked with the error for an operator, and stops nothing else.
"""

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka import errors as kafka_errors

_METADATA_WAIT_S = 5.0


class _NoSuchTopic(kafka_errors.KafkaError):
    """The row names a topic the cluster does not have (auto-creation is off)."""


_REFUSED_FOR_GOOD = (
    _NoSuchTopic,
    kafka_errors.MessageSizeTooLargeError,
    kafka_errors.RecordTooLargeError,
    kafka_errors.RecordListTooLargeError,
    kafka_errors.InvalidTopicError,
    kafka_errors.TopicAuthorizationFailedError,
    kafka_errors.InvalidMessageError,
    kafka_errors.InvalidTimestampError,
    kafka_errors.UnsupportedForMessageFormatError,
)


@dataclass
class BatchOutcome:
    published: list[object] = field(default_factory=list)
    failed: list[tuple[object, str]] = field(default_factory=list)
    parked: list[tuple[object, str]] = field(default_factory=list)


async def send_batch(
    producer: AIOKafkaProducer, rows: Sequence[asyncpg.Record], ack_timeout_s: float
) -> BatchOutcome:
    results = await _send_all(producer, rows, ack_timeout_s)
    outcome = BatchOutcome()
    held_keys: set[str] = set()
    for row, error in zip(rows, results, strict=True):
        key = row["aggregate_id"]
        if key in held_keys:
            outcome.failed.append((row["id"], "held back behind an earlier failure of its key"))
        elif error is None:
            outcome.published.append(row["id"])
        elif isinstance(error, _REFUSED_FOR_GOOD):
            outcome.parked.append((row["id"], repr(error)))
        else:
            held_keys.add(key)
            outcome.failed.append((row["id"], repr(error)))
    return outcome


async def _missing_topics(producer: AIOKafkaProducer, topics: set[str]) -> set[str]:
    """Topics Kafka does not know. Asked up front because a send to such a topic would wait a
    full request timeout for its metadata, stalling every other row behind it."""
    missing = set()
    for topic in topics:
        try:
            async with asyncio.timeout(_METADATA_WAIT_S):
                await producer.partitions_for(topic)
        except (TimeoutError, kafka_errors.KafkaError):
            missing.add(topic)
    return missing


async def _send_all(
    producer: AIOKafkaProducer, rows: Sequence[asyncpg.Record], ack_timeout_s: float
) -> list[BaseException | None]:
    missing = await _missing_topics(producer, {row["topic"] for row in rows})
    pending: list[asyncio.Future[object] | BaseException] = []
    for row in rows:
        if row["topic"] in missing:
            pending.append(_NoSuchTopic(f"topic {row['topic']} does not exist"))
            continue
        headers = [(k, v.encode()) for k, v in json.loads(row["headers"]).items()]
        value = None if row["tombstone"] else row["payload"].encode()
        try:
            delivery = await producer.send(
                row["topic"], value=value, key=row["aggregate_id"].encode(), headers=headers
            )
        except kafka_errors.KafkaError as exc:  # refused before queuing, e.g. too large
            pending.append(exc)
        else:
            pending.append(delivery)
    futures = [p for p in pending if isinstance(p, asyncio.Future)]
    if futures:
        # Bounded, so a wedged producer shows up as a failure and gets replaced.
        await asyncio.wait(futures, timeout=ack_timeout_s)
    return [_result(p) for p in pending]


def _result(pending: "asyncio.Future[object] | BaseException") -> BaseException | None:
    if isinstance(pending, BaseException):
        return pending
    if not pending.done():
        pending.cancel()
        return TimeoutError("Kafka did not acknowledge in time")
    return pending.exception()
