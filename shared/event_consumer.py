"""Consumes a topic into handlers with effectively-once effects (design.md §3).

Records arrive in batches. Each record is decoded first (an older version of an event is upcast
to the version the handler reads, in shared/events.py): one that can't be decoded or has an
unknown version goes to the dead-letter topic at once. The rest of the batch is handled in ONE
transaction: for each event, in order, its id is recorded in the inbox (a duplicate is skipped)
and its handler runs; then the transaction commits and, only after that, the Kafka offsets.
If the batch fails, it is rolled back and each event is retried on its own, so one faulty event
is dead-lettered after bounded retries and never holds back its neighbours. A database or
broker outage is never dead-lettered: the batch is read again after a growing pause.
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
from shared.events import UPCASTERS, DomainEvent, EventCatalog, UnknownEventVersion, Upcasters
from shared.failures import is_outage
from shared.metrics import ServiceMetrics
from shared.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

Handler = Callable[[Any, Envelope, Any], Awaitable[None]]
#: Reacts to a tombstone (null value) on a compacted topic; gets the record key and a unit of work.
TombstoneHandler = Callable[[str, Any], Awaitable[None]]

#: Records fetched and handled in one transaction at most.
MAX_BATCH = 500


@dataclass(frozen=True)
class Subscription:
    """What one named consumer (also its Kafka group id) reads and how it reacts."""

    consumer: str
    topic: str
    handlers: Mapping[type[DomainEvent], Handler]
    on_tombstone: TombstoneHandler | None = None
    #: Read older versions of the handled events as the handled version (shared/events.py).
    upcasters: Upcasters = UPCASTERS


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    initial_backoff_s: float = 0.2
    max_backoff_s: float = 10.0

    def backoff(self, attempt: int) -> float:
        """Exponential with full jitter, so instances retrying together spread out."""
        ceiling = min(self.max_backoff_s, self.initial_backoff_s * 2 ** (attempt - 1))
        return random.uniform(0, ceiling)


@dataclass(frozen=True)
class Delivery:
    """One decoded record and the work it asks for."""

    record: ConsumerRecord
    event_id: str
    event_type: str
    correlation_id: str | None
    work: Callable[[UnitOfWork], Awaitable[None]]


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
        self._catalog = EventCatalog(*subscription.handlers, upcasters=subscription.upcasters)
        self._uow_factory = uow_factory
        self._dead_letters = dead_letters
        self._metrics = metrics
        self._retry = retry
        # Outages span redeliveries of the same records, so their backoff must outlive one call.
        self._outage_streak = 0

    def attach(self, broker: KafkaBroker) -> None:
        # NACK_ON_ERROR: we raise only when the records must be read again (an outage, or the
        # dead-letter topic refused one), never for a fault in an event itself.
        broker.subscriber(
            self._sub.topic,
            group_id=self._sub.consumer,
            ack_policy=AckPolicy.NACK_ON_ERROR,
            auto_offset_reset="earliest",
            batch=True,
            max_records=MAX_BATCH,
            title=f"{self._sub.consumer}:{self._sub.topic}",
        )(self.on_message)

    async def on_message(self, message: KafkaMessage) -> None:
        raw = message.raw_message
        records: tuple[ConsumerRecord, ...] = raw if isinstance(raw, tuple) else (raw,)
        deliveries = [d for record in records if (d := await self._decode(record)) is not None]
        if not deliveries:
            return
        if len(deliveries) == 1:
            return await self._run_alone(deliveries[0])
        try:
            await self._run_batch(deliveries)
        except Exception as exc:
            if is_outage(exc):
                await self._wait_out(exc)
                raise
            log.warning("batch failed; handling its events one by one", extra={"error": repr(exc)})
            for delivery in deliveries:
                await self._run_alone(delivery)

    async def _decode(self, record: ConsumerRecord) -> Delivery | None:
        """The record's work, or None once it is dead-lettered or of no interest."""
        if record.value is None and self._sub.on_tombstone is not None:
            return await self._tombstone(record)
        try:
            envelope = decode(record.value or b"")
            event = self._catalog.read(envelope.type, envelope.data, envelope.supersededby)
        except UnknownEventVersion as exc:
            return await self._dead_letter(record, DeadLetter("unknown_version", str(exc)))
        except (ValueError, ValidationError) as exc:
            return await self._dead_letter(record, DeadLetter("invalid_event", str(exc)))
        if event is None:
            return None  # an event type this consumer does not act on
        handler = self._sub.handlers[type(event)]

        async def handle(uow: UnitOfWork) -> None:
            await handler(event, envelope, uow)

        correlation = envelope.correlationid or envelope.id
        return Delivery(record, envelope.id, envelope.type, correlation, handle)

    async def _tombstone(self, record: ConsumerRecord) -> Delivery | None:
        on_tombstone = self._sub.on_tombstone
        if on_tombstone is None or record.key is None:
            return await self._dead_letter(
                record, DeadLetter("invalid_event", "tombstone without a key")
            )
        try:
            key = record.key.decode()
        except UnicodeDecodeError:
            return await self._dead_letter(
                record, DeadLetter("invalid_event", "tombstone whose key is not UTF-8")
            )

        async def erase(uow: UnitOfWork) -> None:
            await on_tombstone(key, uow)

        # A tombstone has no event id; its position in the log identifies it.
        position = f"tombstone:{record.topic}:{record.partition}:{record.offset}"
        return Delivery(record, position, "tombstone", None, erase)

    async def _run_batch(self, deliveries: list[Delivery]) -> None:
        async with self._uow_factory() as uow:
            await uow.hold_consumer_lock(self._sub.consumer)
            claims = [(delivery.event_id, delivery.event_type) for delivery in deliveries]
            new = await uow.claim_events(self._sub.consumer, claims)
            handled = 0
            for delivery in deliveries:
                if delivery.event_id not in new:
                    self._metrics.inbox_duplicates.labels(self._sub.consumer).inc()
                    continue
                new.discard(delivery.event_id)  # a second copy in the same batch is a duplicate
                with correlated(delivery.correlation_id, causation_id=delivery.event_id):
                    await delivery.work(uow)
                handled += 1
            if handled:
                await uow.commit()
        self._outage_streak = 0

    async def _run_alone(self, delivery: Delivery) -> None:
        """Retries one event's work a bounded number of times, then dead-letters it."""
        attempt = 0
        while True:
            attempt += 1
            try:
                await self._run_batch([delivery])
                return
            except Exception as exc:
                if is_outage(exc):
                    await self._wait_out(exc)
                    raise
                if attempt >= self._retry.max_attempts:
                    log.exception("handler keeps failing", extra={"event_id": delivery.event_id})
                    letter = DeadLetter("handler_failed", repr(exc))
                    await self._dead_letter(delivery.record, letter)
                    return
                self._metrics.handler_retries.labels(self._sub.consumer).inc()
                await asyncio.sleep(self._retry.backoff(attempt))

    async def _wait_out(self, exc: Exception) -> None:
        self._outage_streak += 1
        log.warning(
            "outage while handling; the events will be read again",
            extra={"error": repr(exc), "streak": self._outage_streak},
        )
        await asyncio.sleep(self._retry.backoff(self._outage_streak))

    async def _dead_letter(self, record: ConsumerRecord, letter: DeadLetter) -> None:
        await self._dead_letters.send(record, self._sub.consumer, letter)
        self._metrics.dead_letters.labels(self._sub.consumer, letter.reason).inc()
