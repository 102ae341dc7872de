"""Consumes a topic as a live feed (docs/architecture.md, "The console"): every process sees
every event from the moment it starts, and nothing is written, so no inbox and no transaction.

A live subscription's consumer name is the process's own group (the console names it after its
instance), so replicas never share the events out among themselves. Reading starts at the newest
record and no offset is ever committed: a restarted process has nothing to catch up on, since the
pages it fed are gone, and an instance that stops leaves no offsets behind.

A record that can't be decoded is NOT dead-lettered: every replica would send its own copy, and a
replay would publish the event again to every consumer of its topic, while the services that act
on it already dead-letter it by their own rules. It is skipped with a warning and counted in
``dead_letters`` under the live consumer's name, so the same alert sees it. A handler that fails
is logged and its event skipped: a page that missed it is put right by its next reload.
"""

import logging

from aiokafka.structs import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from shared.messaging.batch_subscribing import records_of, subscribe_in_batches
from shared.messaging.dead_letters import DeadLetter
from shared.messaging.record_decoding import RecordDecoder
from shared.messaging.subscriptions import Subscription
from shared.observability.metrics import ServiceMetrics

log = logging.getLogger(__name__)


class SkippedRecords:
    """Stands in for the dead-letter publisher of a live feed: logs the record and moves on."""

    async def send(self, record: ConsumerRecord, consumer: str, letter: DeadLetter) -> None:
        log.warning(
            "event skipped by a live feed",
            extra={
                "reason": letter.reason,
                "detail": letter.detail[:500],
                "topic": record.topic,
                "partition": record.partition,
                "offset": record.offset,
                "consumer": consumer,
            },
        )


class LiveConsumer:
    def __init__(self, subscription: Subscription, metrics: ServiceMetrics) -> None:
        self._sub = subscription
        self._decoder = RecordDecoder(subscription, SkippedRecords(), metrics)
        metrics.start_consumer_at_zero(subscription.consumer)

    def attach(self, broker: KafkaBroker) -> None:
        # MANUAL and never acknowledged: no offset is committed (see the module's docstring).
        subscribe_in_batches(
            broker, self._sub, self.on_message, ack_policy=AckPolicy.MANUAL, start_at="latest"
        )

    async def on_message(self, message: KafkaMessage) -> None:
        records = records_of(message)
        for record in records:
            delivery = await self._decoder.decode(record)
            if delivery is None:
                continue
            try:
                await delivery.work(None)
            except Exception:
                log.exception(
                    "live feed handler failed; event skipped",
                    extra={"event_id": delivery.event_id, "consumer": self._sub.consumer},
                )
