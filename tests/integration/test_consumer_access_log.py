"""A service's consumers log each batch they take from Kafka ("Received", "Processed") at DEBUG
only: like uvicorn's access log, a line pair per batch (at low traffic, per event) cost ~0.1 ms
of CPU and most of a consumer's log volume at INFO."""

import logging
import uuid
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer

from contracts.tenancy import TenantActivated, TenantKind
from contracts.topics import TENANCY_EVENTS
from shared.messaging.envelope import encode, wrap_event
from shared.messaging.subscriptions import Subscription
from tests.booking_consumer import running_booking_consumer
from tests.polling import eventually

pytestmark = pytest.mark.integration


def _count_of(heard: list) -> object:
    async def count() -> int:
        return len(heard)

    return count


async def test_a_consumed_batch_is_logged_at_debug_only(infra, caplog) -> None:
    event = TenantActivated(
        tenant_id=uuid.uuid4(),
        kind=TenantKind.STARTUP,
        plan_code="startup-private-office",
        occurred_at=datetime.now(UTC),
    )
    heard: list[TenantActivated] = []

    async def handler(received, envelope, uow) -> None:
        if received.tenant_id == event.tenant_id:
            heard.append(received)

    subscription = Subscription(
        f"test.access-log.{uuid.uuid4().hex[:8]}", TENANCY_EVENTS, {TenantActivated: handler}
    )
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        with caplog.at_level(logging.DEBUG, logger="bitc.booking.kafka"):
            async with running_booking_consumer(infra, [subscription]):
                envelope = wrap_event(event, source="/test", correlation_id=None, causation_id=None)
                await producer.send_and_wait(TENANCY_EVENTS, encode(envelope), key=b"access-log")
                await eventually(_count_of(heard), until=bool, what="the event handled")
    finally:
        await producer.stop()

    access = [r for r in caplog.records if r.getMessage() in ("Received", "Processed")]
    assert {r.getMessage() for r in access} == {"Received", "Processed"}
    assert {r.levelno for r in access} == {logging.DEBUG}
