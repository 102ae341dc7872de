"""The services' Kafka principals, proven on a real SASL/ACL broker configured as in
docker-compose.yml: deploy/kafka-security/create-service-principals.sh creates each service's
SCRAM user with the ACLs of bitc/kafka_principals.py, and a service, connecting with the
settings compose gives it, can write its own topics and read what it consumes, but cannot write
another service's topic, see the private contacts topic it does not consume, or use another
service's consumer group. The broker and principals: tests/integration/conftest.py."""

import uuid
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import GroupAuthorizationFailedError, TopicAuthorizationFailedError
from faststream.kafka import KafkaBroker

from contracts.tenancy import TenantActivated, TenantKind, TenantRegistered
from contracts.topics import (
    BOOKING_EVENTS,
    TENANCY_CONTACTS,
    TENANCY_EVENTS,
    dead_letter_topic,
)
from services.booking.bootstrap import create_app
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from services.booking.settings import Settings
from shared.messaging.consumer_lag import ConsumerLagProbe
from shared.messaging.envelope import encode, wrap_event
from shared.messaging.kafka_clients import KafkaSecurity, new_idempotent_producer
from shared.observability.metrics import ServiceMetrics
from tests.polling import eventually, within
from tests.secured_kafka import SecuredBroker

pytestmark = pytest.mark.integration


async def _write(broker: SecuredBroker, security: KafkaSecurity, topic: str, value: bytes) -> None:
    producer = await new_idempotent_producer(broker.listeners["SERVICES"], "t", security)
    try:
        await within(30, producer.send_and_wait(topic, value, key=b"k"))
    finally:
        await producer.stop()


async def _read_one(broker: SecuredBroker, security: KafkaSecurity, topic: str, group: str):
    consumer = AIOKafkaConsumer(
        bootstrap_servers=broker.listeners["SERVICES"],
        group_id=group,
        auto_offset_reset="earliest",
        **security.client_kwargs(),
    )
    await consumer.start()
    try:
        consumer.subscribe([topic])
        return (await within(30, consumer.getone())).value
    finally:
        await consumer.stop()


async def _visible(broker: SecuredBroker, security: KafkaSecurity, topics: list[str]) -> dict:
    admin = AIOKafkaAdminClient(
        bootstrap_servers=broker.listeners["SERVICES"], **security.client_kwargs()
    )
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
    finally:
        await admin.close()
    return {topic["topic"]: topic["error_code"] == 0 for topic in described}


async def test_a_service_writes_its_own_topics_only(broker, principals):
    tenancy, booking = principals["tenancy"], principals["booking"]
    await _write(broker, tenancy, TENANCY_EVENTS, b"tenant.activated")
    await _write(broker, tenancy, TENANCY_CONTACTS, b"contact")
    await _write(broker, booking, BOOKING_EVENTS, b"booking.confirmed")
    await _write(broker, booking, dead_letter_topic("booking"), b"poison")
    with pytest.raises(TopicAuthorizationFailedError):
        await _write(broker, booking, TENANCY_EVENTS, b"forged tenant.activated")
    # The service's FastStream broker authenticates with the same credentials.
    faststream = KafkaBroker(broker.listeners["SERVICES"], security=booking.faststream())
    async with faststream:
        await faststream.start()
        await faststream.publish(b"via faststream", topic=BOOKING_EVENTS)


async def test_a_service_reads_what_it_consumes_and_nothing_private_besides(broker, principals):
    booking, notifications = principals["booking"], principals["notifications"]
    await _write(broker, principals["tenancy"], TENANCY_CONTACTS, b"contact")
    await _write(broker, principals["tenancy"], TENANCY_EVENTS, b"tenant.activated")

    assert await _read_one(broker, booking, TENANCY_EVENTS, "booking.tenant-standings")
    assert await _visible(broker, booking, [TENANCY_EVENTS, TENANCY_CONTACTS]) == {
        TENANCY_EVENTS: True,
        TENANCY_CONTACTS: False,
    }
    assert await _read_one(broker, notifications, TENANCY_CONTACTS, "notifications.contacts")
    with pytest.raises(GroupAuthorizationFailedError):
        await _read_one(broker, booking, TENANCY_EVENTS, f"notifications.{uuid.uuid4()}")


async def test_the_lag_probe_measures_with_the_services_own_rights(broker, principals):
    notifications = principals["notifications"]
    group = "notifications.contacts"
    await _read_one(broker, notifications, TENANCY_CONTACTS, group)  # the group exists
    metrics = ServiceMetrics()
    client = {"bootstrap_servers": broker.listeners["SERVICES"], **notifications.client_kwargs()}
    admin, ends = AIOKafkaAdminClient(**client), AIOKafkaConsumer(**client)
    await admin.start()
    await ends.start()
    try:
        probe = ConsumerLagProbe(client["bootstrap_servers"], [(group, TENANCY_CONTACTS)], metrics)
        await probe.refresh(admin, ends)
    finally:
        await ends.stop()
        await admin.close()
    samples = [
        sample
        for family in metrics.registry.collect()
        if family.name == "kafka_consumer_lag_messages"
        for sample in family.samples
        if sample.labels["consumer"] == group
    ]
    assert samples, "no lag measured for the contacts consumer"


async def test_the_booking_service_runs_as_its_principal(broker, principals, infra):
    """The real service, configured like compose: its consumer reads tenancy's events."""
    booking = principals["booking"]
    app = create_app(
        Settings(
            database_url=infra.database_urls["booking"],
            kafka_bootstrap_servers=broker.listeners["SERVICES"],
            kafka_security_protocol=booking.protocol,
            kafka_sasl_mechanism=booking.mechanism,
            kafka_sasl_username=booking.username,
            kafka_sasl_password=booking.password,
        )
    )
    runtime = app.state.runtime
    tenant, now, kind = uuid.uuid4(), datetime.now(UTC), TenantKind.COMMUNITY
    await runtime.start()
    try:
        assert await runtime.kafka_answers()
        for event in (
            TenantRegistered(tenant_id=tenant, occurred_at=now, kind=kind, plan_code="community"),
            TenantActivated(tenant_id=tenant, occurred_at=now, kind=kind, plan_code="community"),
        ):
            envelope = wrap_event(
                event, source="/bitc/tenancy", correlation_id=None, causation_id=None
            )
            await _write(broker, principals["tenancy"], TENANCY_EVENTS, encode(envelope))

        async def standing():
            async with BookingUnitOfWork(runtime.engine) as uow:
                return await uow.tenants.get(tenant)

        await eventually(standing, until=lambda s: s is not None and s.may_book, what="tenant")
    finally:
        await runtime.stop()
