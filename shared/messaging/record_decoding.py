"""Turns a consumed record into the work it asks for (shared/messaging/event_consumer.py runs that
work).

An older version of an event is upcast to the version the handler reads
(shared/messaging/events.py); a record that can't be decoded, has an unknown version, or is a
tombstone nobody can act on goes to the dead-letter topic at once, since no retry could make it
readable.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiokafka.structs import ConsumerRecord
from pydantic import ValidationError

from shared.messaging.dead_letters import DeadLetter, DeadLetterPublisher, DeadLetterReason
from shared.messaging.envelope import decode
from shared.messaging.events import EventCatalog, UnknownEventVersion
from shared.messaging.subscriptions import Subscription
from shared.observability.metrics import ServiceMetrics
from shared.persistence.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Delivery:
    """One decoded record and the work it asks for."""

    record: ConsumerRecord
    event_id: str
    event_type: str
    correlation_id: str | None
    work: Callable[[UnitOfWork], Awaitable[None]]


class RecordDecoder:
    def __init__(
        self,
        subscription: Subscription,
        dead_letters: DeadLetterPublisher,
        metrics: ServiceMetrics,
    ) -> None:
        self._sub = subscription
        self._catalog = EventCatalog(*subscription.handlers, upcasters=subscription.upcasters)
        self._dead_letters = dead_letters
        self._metrics = metrics

    async def decode(self, record: ConsumerRecord) -> Delivery | None:
        """The record's work, or None once it is dead-lettered or of no interest."""
        if record.value is None and self._sub.on_tombstone is not None:
            return await self._tombstone(record)
        try:
            envelope = decode(record.value or b"")
            event = self._catalog.read(envelope.type, envelope.data, envelope.supersededby)
        except UnknownEventVersion as exc:
            return await self.dead_letter(
                record, DeadLetter(DeadLetterReason.UNKNOWN_VERSION, str(exc))
            )
        except (ValueError, ValidationError) as exc:
            return await self.dead_letter(
                record, DeadLetter(DeadLetterReason.INVALID_EVENT, str(exc))
            )
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
            return await self.dead_letter(
                record, DeadLetter(DeadLetterReason.INVALID_EVENT, "tombstone without a key")
            )
        try:
            key = record.key.decode()
        except UnicodeDecodeError:
            return await self.dead_letter(
                record,
                DeadLetter(DeadLetterReason.INVALID_EVENT, "tombstone whose key is not UTF-8"),
            )

        async def erase(uow: UnitOfWork) -> None:
            await on_tombstone(key, uow)

        # A tombstone has no event id; its position in the log identifies it.
        position = f"tombstone:{record.topic}:{record.partition}:{record.offset}"
        return Delivery(record, position, "tombstone", None, erase)

    async def dead_letter(self, record: ConsumerRecord, letter: DeadLetter) -> None:
        """Also where the consumer sends an event whose handler keeps failing, so every dead
        letter is counted the same way."""
        await self._dead_letters.send(record, self._sub.consumer, letter)
        self._metrics.dead_letters.labels(self._sub.consumer, letter.reason).inc()
