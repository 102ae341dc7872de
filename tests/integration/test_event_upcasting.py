"""A consumer whose model is a newer version reads the older version from the real broker by
upcasting it, skips an old copy published beside the version it reads, and dead-letters a
version newer than its own. The v2 event is test-only: every production event is still v1."""

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer

from bitc.topic_provisioning import create_topics
from contracts.tenancy import TenantActivated, TenantKind
from contracts.topics import TopicSpec
from services.booking.adapters.tables import tenant_standings
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.messaging.envelope import Envelope, encode, wrap_event
from shared.messaging.events import Upcasters
from shared.messaging.subscriptions import Subscription
from tests.booking_consumer import running_booking_consumer
from tests.kafka_reading import header, read_until
from tests.polling import eventually

pytestmark = pytest.mark.integration


class TenantActivatedV2(TenantActivated):
    """tenant.activated as a test-only v2 in which occurred_at is renamed activated_at."""

    version = 2
    occurred_at: None = None
    activated_at: datetime


class TenantActivatedV1Beside(TenantActivated):
    """The v1 copy a publisher sends beside v2 while subscribers move."""

    superseded_by = TenantActivatedV2


def v2_upcasters() -> Upcasters:
    upcasters = Upcasters()

    @upcasters.register("tenant.activated", from_version=1)
    def occurred_at_is_now_activated_at(data: dict[str, Any]) -> dict[str, Any]:
        renamed = {k: v for k, v in data.items() if k != "occurred_at"}
        return renamed | {"activated_at": data["occurred_at"]}

    return upcasters


async def on_activated_v2(event: TenantActivatedV2, _: Envelope, uow: BookingUnitOfWork) -> None:
    await uow.tenants.record_activated(
        event.tenant_id, event.kind.value, event.plan_code, event.activated_at
    )


@pytest.fixture
async def v2_consumer(infra):
    suffix = uuid.uuid4().hex[:8]
    topic, dead_letters = f"test.tenancy.{suffix}", f"test.booking.deadletter.{suffix}"
    await create_topics(
        infra.kafka_bootstrap,
        [TopicSpec(topic, 1, False, "", ""), TopicSpec(dead_letters, 1, False, "", "")],
    )
    subscription = Subscription(
        consumer=f"test.booking.v2.{suffix}",
        topic=topic,
        handlers={TenantActivatedV2: on_activated_v2},
        upcasters=v2_upcasters(),
    )
    async with running_booking_consumer(
        infra, [subscription], dead_letters=dead_letters
    ) as runtime:
        yield runtime, topic, dead_letters


def record(event, type_override: str | None = None) -> bytes:
    envelope = wrap_event(event, source="/test", correlation_id=None, causation_id=None)
    if type_override:
        envelope["type"] = type_override
    return encode(envelope)


async def test_v1_on_the_topic_is_handled_by_a_consumer_reading_v2(infra, v2_consumer):
    runtime, topic, dead_letter_topic = v2_consumer
    old, new, beside, future = (uuid.uuid4() for _ in range(4))
    at = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    kind, plan = TenantKind.STARTUP, "community"
    sequence = [
        record(TenantActivated(tenant_id=old, occurred_at=at, kind=kind, plan_code=plan)),
        record(
            TenantActivatedV1Beside(tenant_id=beside, occurred_at=at, kind=kind, plan_code=plan)
        ),
        record(
            TenantActivatedV2(tenant_id=future, activated_at=at, kind=kind, plan_code=plan),
            type_override="id.bitc.tenant.activated.v3",
        ),
        record(TenantActivatedV2(tenant_id=new, activated_at=at, kind=kind, plan_code=plan)),
    ]
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for value in sequence:
            await producer.send_and_wait(topic, value)
    finally:
        await producer.stop()

    async def activated_since() -> dict:
        async with runtime.engine.connect() as conn:
            rows = await conn.execute(
                sa.select(tenant_standings.c.tenant_id, tenant_standings.c.updated_at).where(
                    tenant_standings.c.tenant_id.in_([old, new, beside, future])
                )
            )
            return dict(rows.all())

    # The v2 record comes last on the partition: once it is applied, so is everything before.
    seen = await eventually(activated_since, until=lambda s: new in s, what="v2 record applied")
    assert seen == {old: at, new: at}
    letters = await read_until(infra.kafka_bootstrap, dead_letter_topic, done=lambda rs: rs)
    assert [header(r, "dlq.reason") for r in letters] == ["unknown_version"]
    assert [header(r, "dlq.original.offset") for r in letters] == ["2"]
