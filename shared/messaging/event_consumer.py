"""Consumes a topic into handlers with effectively-once effects (docs/architecture.md,
"Events"): each event's effects commit together with its id in the inbox, so a redelivered
copy is recognised and skipped.

Records arrive in batches. Each record is decoded first (shared/messaging/record_decoding.py; an
older version of an event is upcast to the version the handler reads): one that can't be decoded
or has an unknown version goes to the dead-letter topic at once. The rest of the batch is handled
in ONE transaction: the ids of all its events are claimed in the inbox in one statement
(shared/messaging/inbox_store.py), then each new event's handler runs in order (a duplicate is
skipped); then the transaction commits and, only after that, the Kafka offsets. If the batch
fails, it is rolled back and each event is retried on its own, so one faulty event is
dead-lettered after bounded retries and never holds back its neighbours. A database or broker
outage is never dead-lettered: the batch is read again after a growing pause
(shared/messaging/consumer_backoff.py).
"""

import asyncio
import logging
from collections.abc import Callable

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from shared.messaging.batch_subscribing import records_of, subscribe_in_batches
from shared.messaging.consumer_backoff import OutageWait, RetryPolicy
from shared.messaging.dead_letters import DeadLetter, DeadLetterPublisher, DeadLetterReason
from shared.messaging.failures import is_outage
from shared.messaging.record_decoding import Delivery, RecordDecoder
from shared.messaging.subscriptions import Subscription
from shared.observability.correlation import correlated
from shared.observability.metrics import ServiceMetrics
from shared.persistence.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


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
        self._decoder = RecordDecoder(subscription, dead_letters, metrics)
        self._uow_factory = uow_factory
        self._metrics = metrics
        metrics.start_consumer_at_zero(subscription.consumer)
        self._retry = retry
        self._outage = OutageWait(retry)

    def attach(self, broker: KafkaBroker) -> None:
        # NACK_ON_ERROR: we raise only when the records must be read again (an outage, or the
        # dead-letter topic refused one), never for a fault in an event itself.
        subscribe_in_batches(
            broker,
            self._sub,
            self.on_message,
            ack_policy=AckPolicy.NACK_ON_ERROR,
            start_at="earliest",
        )

    async def on_message(self, message: KafkaMessage) -> None:
        records = records_of(message)
        decoded = [await self._decoder.decode(record) for record in records]
        deliveries = [delivery for delivery in decoded if delivery is not None]
        if not deliveries:
            return
        if len(deliveries) == 1:
            return await self._run_alone(deliveries[0])
        try:
            await self._run_batch(deliveries)
        except Exception as exc:
            if is_outage(exc):
                await self._outage.wait_out(exc)
                raise
            log.warning("batch failed; handling its events one by one", extra={"error": repr(exc)})
            for delivery in deliveries:
                await self._run_alone(delivery)

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
        self._outage.over()

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
                    await self._outage.wait_out(exc)
                    raise
                if attempt >= self._retry.max_attempts:
                    log.exception("handler keeps failing", extra={"event_id": delivery.event_id})
                    letter = DeadLetter(DeadLetterReason.HANDLER_FAILED, repr(exc))
                    await self._decoder.dead_letter(delivery.record, letter)
                    return
                self._metrics.handler_retries.labels(self._sub.consumer).inc()
                await asyncio.sleep(self._retry.backoff(attempt))
