"""How every consumer is attached to the broker: in batches of at most ``MAX_BATCH`` records,
titled ``consumer:topic`` in the AsyncAPI document. The durable consumers
(shared/messaging/event_consumer.py) and the live feeds (shared/messaging/live_consumer.py) differ
only in how they acknowledge and where a new group starts reading.

Both read a batch's records themselves (``records_of``) and decode each record once, as an
envelope (shared/messaging/record_decoding.py). FastStream would first parse every record's
JSON body into the handler's argument, which nothing read (a quarter of a consumer's CPU,
docs/performance.md): the subscription's decoder hands the handler the message itself instead,
which is also all a service's broker gives it (shared/runtime/broker.py: no dependency
injection, which resolved the message argument through a thread hop per batch)."""

from collections.abc import Awaitable, Callable
from typing import Literal

from aiokafka.structs import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from shared.messaging.subscriptions import Subscription

#: Records fetched and handled in one transaction at most.
MAX_BATCH = 500


def subscribe_in_batches(
    broker: KafkaBroker,
    subscription: Subscription,
    on_message: Callable[[KafkaMessage], Awaitable[None]],
    *,
    ack_policy: AckPolicy,
    start_at: Literal["earliest", "latest"],
) -> None:
    broker.subscriber(
        subscription.topic,
        group_id=subscription.consumer,
        ack_policy=ack_policy,
        auto_offset_reset=start_at,
        batch=True,
        max_records=MAX_BATCH,
        decoder=_the_message_itself,
        title=f"{subscription.consumer}:{subscription.topic}",
    )(on_message)


async def _the_message_itself(message: KafkaMessage) -> KafkaMessage:
    return message


def records_of(message: KafkaMessage) -> tuple[ConsumerRecord, ...]:
    """The records of a batch (a single record outside batch mode, as in unit tests)."""
    raw = message.raw_message
    return raw if isinstance(raw, tuple) else (raw,)
