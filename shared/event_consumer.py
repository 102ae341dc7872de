"""Consumes a topic into handlers with effectively-once effects (design.md §3).

For each record, in order: decode the CloudEvent and its data model; in one transaction record
the event id in the inbox (a duplicate is skipped) and run the handler; commit; only then is the
Kafka offset committed. A record that can't be decoded, has an unknown version or whose handler
keeps failing goes to the dead-letter topic and the partition moves on. A database or broker
outage is never dead-lettered: the record is read again after a pause.
"""

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiokafka.structs import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from pydantic import ValidationError

from shared.correlation import correlated
from shared.dead_letters import DeadLetter, DeadLetterPublisher
from shared.envelope import Envelope, decode
from shared.events import DomainEvent, EventCatalog, UnknownEventVersion
from shared.failures import is_outage
from shared.metrics import ServiceMetrics
from shared.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

Handler = Callable[[Any, Envelope, Any], Awaitable[None]]
#: Reacts to a tombstone (null value) on a compacted topic; gets the record key and a unit of work.
TombstoneHandler = Callable[[str, Any], Awaitable[None]]
Work = Callable[[UnitOfWork], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """What one named consumer (also its Kafka group id) reads and how it reacts."""

    consumer: str
    topic: str
    handlers: Mapping[type[DomainEvent], Handler]
    on_tombstone: TombstoneHandler | None = None


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    initial_backoff_s: float = 0.2
    max_backoff_s: float = 10.0

    def backoff(self, attempt: int) -> float:
        """Exponential with full jitter, so instances retrying together spread out."""
        return random.uniform(
            0, min(self.max_backoff_s, self.initial_backoff_s * 2 ** (attempt - 1))
        )


class EventConsumer:
    def __init__(
        self,
        subscription: Subscription,
        uow_factory: Callable[[], UnitOfWork],
        dead_letters: DeadLetterPublisher,
        metrics: ServiceMetrics,
        retry: RetryPolicy,
    ) -> None:
        self._sub = subscription
        self._catalog = EventCatalog(*subscription.handlers)
        self._uow_factory = uow_factory
        self._dead_letters = dead_letters
        self._metrics = metrics
        self._retry = retry
        # Outages span redeliveries of the same record, so their backoff must outlive one call.
        self._outage_streak = 0

    def attach(self, broker: KafkaBroker) -> None:
        # NACK_ON_ERROR: we raise only when the record must be read again (an outage, or the
        # dead-letter topic refused it), never for a fault in the event itself.
        broker.subscriber(
            self._sub.topic,
            group_id=self._sub.consumer,
            ack_policy=AckPolicy.NACK_ON_ERROR,
            auto_offset_reset="earliest",
            title=f"{self._sub.consumer}:{self._sub.topic}",
        )(self.on_record)

    async def on_record(self, message: KafkaMessage) -> None:
        record: ConsumerRecord = message.raw_message  # type: ignore[assignment]
        if record.value is None and self._sub.on_tombstone is not None:
            return await self._on_tombstone(record)
        try:
            envelope = decode(record.value or b"")
            model = self._catalog.resolve(envelope.type)
            event = model.model_validate(envelope.data) if model else None
        except UnknownEventVersion as exc:
            return await self._dead_letter(record, DeadLetter("unknown_version", str(exc)))
        except (ValueError, ValidationError) as exc:
            return await self._dead_letter(record, DeadLetter("invalid_event", str(exc)))
        if event is None:
            return None  # an event type this consumer does not act on
        handler = self._sub.handlers[type(event)]

        async def handle(uow: UnitOfWork) -> None:
            await handler(event, envelope, uow)

        with correlated(envelope.correlationid or envelope.id, causation_id=envelope.id):
            await self._run_once(record, envelope.id, envelope.type, handle)
        return None

    async def _on_tombstone(self, record: ConsumerRecord) -> None:
        on_tombstone = self._sub.on_tombstone
        assert on_tombstone is not None
        if record.key is None:
            return await self._dead_letter(
                record, DeadLetter("invalid_event", "tombstone without a key")
            )
        key = record.key.decode()

        async def erase(uow: UnitOfWork) -> None:
            await on_tombstone(key, uow)

        # A tombstone has no event id; its position in the log identifies it.
        position = f"tombstone:{record.topic}:{record.partition}:{record.offset}"
        await self._run_once(record, position, "tombstone", erase)

    async def _run_once(
        self, record: ConsumerRecord, event_id: str, event_type: str, work: Work
    ) -> None:
        """Runs ``work`` with the inbox claim in one transaction, retrying faults a bounded
        number of times before dead-lettering, and waiting out outages without a limit."""
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self._uow_factory() as uow:
                    if not await uow.claim_event(self._sub.consumer, event_id, event_type):
                        self._metrics.inbox_duplicates.labels(self._sub.consumer).inc()
                        self._outage_streak = 0
                        return
                    await work(uow)
                    await uow.commit()
                self._outage_streak = 0
                return
            except Exception as exc:
                if is_outage(exc):
                    self._outage_streak += 1
                    log.warning(
                        "outage while handling; will read the event again",
                        extra={"error": repr(exc), "streak": self._outage_streak},
                    )
                    await asyncio.sleep(self._retry.backoff(self._outage_streak))
                    raise
                if attempt >= self._retry.max_attempts:
                    log.exception("handler keeps failing", extra={"event_id": event_id})
                    return await self._dead_letter(record, DeadLetter("handler_failed", repr(exc)))
                self._metrics.handler_retries.labels(self._sub.consumer).inc()
                await asyncio.sleep(self._retry.backoff(attempt))

    async def _dead_letter(self, record: ConsumerRecord, letter: DeadLetter) -> None:
        await self._dead_letters.send(record, self._sub.consumer, letter)
        self._metrics.dead_letters.labels(self._sub.consumer, letter.reason).inc()
