"""The services' Kafka principals, proven on a real SASL/ACL broker configured as in
docker-compose.yml: deploy/kafka-security/create-service-principals.sh creates each service's
SCRAM user with the ACLs of bitc/kafka_principals.py, and a service, connecting with the
settings compose gives it, can write its own topics and read what it consumes, but cannot write
another service's topic, see the private contacts topic it does not consume, or use another
service's consumer group."""

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import GroupAuthorizationFailedError, TopicAuthorizationFailedError
from faststream.kafka import KafkaBroker

from bitc.provision import SERVICES
from bitc.topic_provisioning import create_topics
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
from shared.consumer_lag import ConsumerLagProbe
from shared.envelope import encode, wrap_event
from shared.kafka_clients import KafkaSecurity, new_idempotent_producer
from shared.metrics import ServiceMetrics
from shared.settings import KafkaClientSettings
from tests.polling import eventually
from tests.secured_kafka import (
    SecuredBroker,
    compose_environment,
    run_security_script,
    secured_broker,
    wait_until_up,
)

pytestmark = pytest.mark.integration

PASSWORDS = {service: f"{service}-kafka-s3cret" for service in SERVICES}


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredBroker]:
    with secured_broker(tmp_path_factory.mktemp("kafka-services")) as started:
        yield started


@pytest.fixture(scope="module")
async def principals(broker: SecuredBroker, tmp_path_factory) -> dict[str, KafkaSecurity]:
    """Topics as `bitc setup` creates them, then the users and ACLs; one password from a file,
    as a mounted secret would give it. Returns each service's security as compose sets it."""
    await wait_until_up(broker)
    await create_topics(broker.internal)
    secret = Path(tmp_path_factory.mktemp("secrets")) / "booking"
    secret.write_text(PASSWORDS["booking"] + "\n", encoding="utf-8")
    env = {
        "KAFKA_TENANCY_PASSWORD": PASSWORDS["tenancy"],
        "KAFKA_BOOKING_PASSWORD_FILE": str(secret),
        "KAFKA_NOTIFICATIONS_PASSWORD": PASSWORDS["notifications"],
    }
    output = await run_security_script(broker, "create-service-principals.sh", env)
    assert all(password not in output for password in PASSWORDS.values())
    compose = compose_environment("booking")  # the shared service settings, as compose has them
    return {
        service: KafkaSecurity.from_settings(
            KafkaClientSettings(
                kafka_bootstrap_servers=broker.listeners["SERVICES"],
                kafka_security_protocol=compose["KAFKA_SECURITY_PROTOCOL"],
                kafka_sasl_mechanism=compose["KAFKA_SASL_MECHANISM"],
                kafka_sasl_username=service,
                kafka_sasl_password=PASSWORDS[service],
            )
        )
        for service in SERVICES
    }


async def _write(broker: SecuredBroker, security: KafkaSecurity, topic: str, value: bytes) -> None:
    producer = await new_idempotent_producer(broker.listeners["SERVICES"], "t", security)
    try:
        await asyncio.wait_for(producer.send_and_wait(topic, value, key=b"k"), 30)
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
        return (await asyncio.wait_for(consumer.getone(), timeout=30)).value
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
