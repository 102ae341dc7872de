"""A live feed (the console's) reads past a record it cannot decode: skipped with a log and
counted, never dead-lettered by every replica and never holding back the events after it."""

import logging
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from aiokafka.structs import ConsumerRecord

from contracts.booking import BookingConfirmed
from contracts.tenancy import Site, SpaceType
from contracts.topics import BOOKING_EVENTS
from shared.messaging.envelope import encode, wrap_event
from shared.messaging.live_consumer import LiveConsumer
from shared.messaging.subscriptions import Subscription
from shared.observability.metrics import ServiceMetrics

CONSUMER = "console.live.test.booking"


def record(offset: int, value: bytes) -> ConsumerRecord:
    return ConsumerRecord(BOOKING_EVENTS, 0, offset, 0, 0, b"key", value, None, 3, len(value), [])


def confirmed() -> BookingConfirmed:
    starts = datetime(2026, 12, 9, 2, tzinfo=UTC)
    return BookingConfirmed(
        booking_id=uuid.uuid4(),
        tenant_id=uuid.uuid4(),
        space_id=uuid.uuid4(),
        space_code="BITC-MUSIC-1",
        space_type=SpaceType.MUSIC_ROOM,
        site=Site.BITC,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        occurred_at=starts,
    )


async def test_an_undecodable_record_is_skipped_and_the_next_event_still_handled(caplog) -> None:
    heard: list[BookingConfirmed] = []

    async def handler(event, envelope, uow) -> None:
        assert uow is None  # a live feed writes nothing
        heard.append(event)

    metrics = ServiceMetrics()
    subscription = Subscription(CONSUMER, BOOKING_EVENTS, {BookingConfirmed: handler}, live=True)
    consumer = LiveConsumer(subscription, metrics)
    event = confirmed()
    envelope = wrap_event(event, source="/bitc/booking", correlation_id=None, causation_id=None)
    batch = (record(1, b"not a cloudevent"), record(2, encode(envelope)))

    with caplog.at_level(logging.WARNING):
        await consumer.on_message(SimpleNamespace(raw_message=batch))

    assert heard == [event]
    assert "event skipped by a live feed" in caplog.text
    counted = {"consumer": CONSUMER, "reason": "invalid_event"}
    assert metrics.registry.get_sample_value("dead_letters_total", counted) == 1


async def test_a_failing_handler_loses_only_its_own_event(caplog) -> None:
    calls: list[str] = []

    async def handler(event, envelope, uow) -> None:
        calls.append(str(event.booking_id))
        if len(calls) == 1:
            raise RuntimeError("a page's hub broke")

    subscription = Subscription(CONSUMER, BOOKING_EVENTS, {BookingConfirmed: handler}, live=True)
    consumer = LiveConsumer(subscription, ServiceMetrics())
    first, second = confirmed(), confirmed()
    wrapped = [
        wrap_event(e, source="/bitc/booking", correlation_id=None, causation_id=None)
        for e in (first, second)
    ]

    await consumer.on_message(
        SimpleNamespace(raw_message=tuple(record(i, encode(w)) for i, w in enumerate(wrapped)))
    )

    assert calls == [str(first.booking_id), str(second.booking_id)]
    assert "live feed handler failed" in caplog.text
