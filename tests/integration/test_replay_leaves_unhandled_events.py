"""A rebuild applies only what the live consumer has already handled; events it has not handled
yet are left to it, so their full effects (e.g. cancelling bookings) still happen once."""

import uuid
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer

from bitc.replay import rebuild
from bitc.topic_provisioning import create_topics
from contracts.tenancy import TenantActivated, TenantKind, TenantRegistered
from contracts.topics import TopicSpec
from services.booking.adapters.tables import tenant_standings
from services.booking.entrypoints.events import TENANTS
from services.booking.service_layer.tenant_projection import HANDLERS
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.messaging.envelope import encode, wrap_event
from shared.messaging.projections import Projection
from shared.messaging.subscriptions import Subscription
from tests.booking_consumer import running_booking_consumer
from tests.outbox_relaying import service_engine
from tests.polling import eventually

pytestmark = pytest.mark.integration


async def test_events_the_consumer_has_not_handled_are_left_to_it(infra):
    suffix, tenant = uuid.uuid4().hex[:8], uuid.uuid4()
    topic = f"test.tenancy.{suffix}"
    await create_topics(infra.kafka_bootstrap, [TopicSpec(topic, 1, False, "", "")])
    subscription = Subscription(f"test.booking.tenants.{suffix}", topic, HANDLERS)

    async def reset_this_tenant(uow: BookingUnitOfWork) -> None:  # the table is shared
        await uow.connection.execute(
            tenant_standings.delete().where(tenant_standings.c.tenant_id == tenant)
        )

    projection = Projection("tenants", subscription, reset_this_tenant, TENANTS.rebuild_handlers)
    at, kind = datetime.now(UTC), TenantKind.STARTUP
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for event in (
            TenantRegistered(tenant_id=tenant, occurred_at=at, kind=kind, plan_code="x"),
            TenantActivated(tenant_id=tenant, occurred_at=at, kind=kind, plan_code="x"),
        ):
            envelope = wrap_event(event, source="/t", correlation_id=None, causation_id=None)
            await producer.send_and_wait(topic, encode(envelope))
    finally:
        await producer.stop()

    async with service_engine(infra, "booking") as engine:

        async def standing():
            async with BookingUnitOfWork(engine) as uow:
                return await uow.tenants.get(tenant)

        before = await rebuild(projection, lambda: BookingUnitOfWork(engine), infra.kafka_bootstrap)
        assert (before.applied, before.left_to_consumer) == (0, 2)
        assert await standing() is None

        async with running_booking_consumer(infra, [subscription]):
            await eventually(standing, until=lambda s: s and s.may_book, what="live consumer")

        after = await rebuild(projection, lambda: BookingUnitOfWork(engine), infra.kafka_bootstrap)
        assert (after.applied, after.left_to_consumer) == (2, 0)
        assert (await standing()).may_book
