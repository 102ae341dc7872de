"""Sends an event we cannot handle to the consuming service's dead-letter topic, with why.

The original bytes, key and headers are kept untouched so the event can be replayed as it was;
the reason and the event's origin travel in ``dlq.*`` headers.
"""

import logging
from dataclasses import dataclass
from enum import StrEnum

from aiokafka.errors import MessageSizeTooLargeError
from aiokafka.structs import ConsumerRecord
from faststream.kafka import KafkaBroker

log = logging.getLogger(__name__)

_KEPT_OF_OVERSIZED = 64 * 1024


class DeadLetterReason(StrEnum):
    """Every reason an event is dead-lettered for; metrics start each at zero."""

    INVALID_EVENT = "invalid_event"  # undecodable, not a valid envelope, or a bad tombstone
    UNKNOWN_VERSION = "unknown_version"  # a version no reader of this service understands
    HANDLER_FAILED = "handler_failed"  # the handler kept failing for this event


@dataclass(frozen=True)
class DeadLetter:
    reason: DeadLetterReason
    detail: str


class DeadLetterPublisher:
    def __init__(self, broker: KafkaBroker, topic: str) -> None:
        self._broker = broker
        self.topic = topic

    async def send(self, record: ConsumerRecord, consumer: str, letter: DeadLetter) -> None:
        headers = {key: value.decode(errors="replace") for key, value in record.headers or ()}
        headers.update(
            {
                "dlq.reason": letter.reason,
                "dlq.detail": letter.detail[:2000],
                "dlq.original.topic": record.topic,
                "dlq.original.partition": str(record.partition),
                "dlq.original.offset": str(record.offset),
                "dlq.consumer": consumer,
            }
        )
        value = record.value or b""
        try:
            await self._broker.publish(value, topic=self.topic, key=record.key, headers=headers)
        except MessageSizeTooLargeError:
            # A record near the broker's size limit no longer fits once the dlq.* headers are
            # added; raising would redeliver it forever and stall its partition. Its start is
            # kept for diagnosis: it cannot be replayed.
            headers["dlq.truncated-from-bytes"] = str(len(value))
            await self._broker.publish(
                value[:_KEPT_OF_OVERSIZED], topic=self.topic, key=record.key, headers=headers
            )
        log.warning(
            "event dead-lettered",
            extra={
                "reason": letter.reason,
                "detail": letter.detail[:500],
                "topic": record.topic,
                "partition": record.partition,
                "offset": record.offset,
                "consumer": consumer,
            },
        )
