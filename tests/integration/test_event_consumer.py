"""A service's consumer against the real broker and database: duplicates are skipped, poison and
unknown versions go to the dead-letter topic with their origin, and the partition moves on."""

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer

from bitc.topic_provisioning import create_topics
from contracts.tenancy import TenantActivated, TenantKind, TenantRegistered
from contracts.topics import TopicSpec
from services.booking.adapters.tables import inbox, tenant_standings
from services.booking.service_layer.tenant_projection import (
    on_tenant_activated,
    on_tenant_registered,
)
from shared.messaging.envelope import encode, wrap_event
from shared.messaging.subscriptions import Subscription
from tests.booking_consumer import running_booking_consumer
from tests.kafka_reading import header, read_until
from tests.polling import eventually

pytestmark = pytest.mark.integration


def envelope_bytes(
    event, event_id: uuid.UUID | None = None, type_override: str | None = None
) -> bytes:
    envelope = wrap_event(
        event, source="/test", correlation_id=None, causation_id=None, event_id=event_id
    )
    if type_override:
        envelope["type"] = type_override
    return encode(envelope)


@pytest.fixture
async def booking_consumer_on_own_topic(infra):
    suffix = uuid.uuid4().hex[:8]
    topic, dead_letters = f"test.tenancy.{suffix}", f"test.booking.deadletter.{suffix}"
    await create_topics(
        infra.kafka_bootstrap,
        [
            TopicSpec(topic, 1, public=False, key="", description=""),
            TopicSpec(dead_letters, 1, False, "", ""),
        ],
    )
    consumer = f"test.booking.tenant-standings.{suffix}"
    subscription = Subscription(
        consumer=consumer,
        topic=topic,
        handlers={TenantRegistered: on_tenant_registered, TenantActivated: on_tenant_activated},
    )
    async with running_booking_consumer(
        infra, [subscription], dead_letters=dead_letters, consumer_backoff_initial_s=0.01
    ) as runtime:
        yield runtime, topic, dead_letters, consumer


async def test_poison_and_unknown_versions_are_dead_lettered_and_the_rest_handled_once(
    infra, booking_consumer_on_own_topic
):
    runtime, topic, dead_letter_topic, consumer = booking_consumer_on_own_topic
    now = datetime.now(UTC)
    first, second = uuid.uuid4(), uuid.uuid4()
    registered = TenantRegistered(
        tenant_id=first, occurred_at=now, kind=TenantKind.STARTUP, plan_code="community"
    )
    activated = TenantActivated(
        tenant_id=first, occurred_at=now, kind=TenantKind.STARTUP, plan_code="community"
    )
    activated_id = uuid.uuid4()
    other = TenantActivated(
        tenant_id=second, occurred_at=now, kind=TenantKind.COMPANY, plan_code="office-tenant"
    )
    sequence = [
        envelope_bytes(registered),
        b"{not json",
        envelope_bytes(activated, event_id=activated_id),
        envelope_bytes(activated, event_id=activated_id),
        envelope_bytes(activated, type_override="id.bitc.tenant.activated.v9"),
        envelope_bytes(other),
    ]
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for value in sequence:
            await producer.send_and_wait(topic, value, key=str(first).encode())
    finally:
        await producer.stop()

    async def standings() -> dict:
        async with runtime.engine.connect() as conn:
            rows = await conn.execute(
                sa.select(tenant_standings.c.tenant_id, tenant_standings.c.standing).where(
                    tenant_standings.c.tenant_id.in_([first, second])
                )
            )
            return dict(rows.all())

    await eventually(
        standings,
        until=lambda s: s == {first: "active", second: "active"},
        what="both tenants active",
    )
    letters = await read_until(
        infra.kafka_bootstrap, dead_letter_topic, done=lambda rs: len(rs) >= 2
    )
    assert [header(r, "dlq.reason") for r in letters] == ["invalid_event", "unknown_version"]
    assert letters[0].value == b"{not json"
    assert [header(r, "dlq.original.offset") for r in letters] == ["1", "4"]
    assert {header(r, "dlq.original.topic") for r in letters} == {topic}
    assert {header(r, "dlq.consumer") for r in letters} == {consumer}
    async with runtime.engine.connect() as conn:
        handled = await conn.scalar(
            sa.select(sa.func.count()).where(
                inbox.c.consumer == consumer, inbox.c.event_id == str(activated_id)
            )
        )
    assert handled == 1
    registry = runtime.metrics.registry
    assert registry.get_sample_value("inbox_duplicates_total", {"consumer": consumer}) == 1
    assert (
        registry.get_sample_value(
            "dead_letters_total", {"consumer": consumer, "reason": "invalid_event"}
        )
        == 1
    )
