"""docker-compose.yml's broker, run natively (no Docker engine): the kafka service's environment
from the compose file with a test .env, made server.properties by the apache/kafka image's rule,
its storage formatted by the kafka-format one-shot's script (tests/secured_kafka.py), then topics
made as `bitc setup` makes them as the admin principal and the services' users made by
create-service-principals.sh with the kafka-service-access one-shot's environment
(tests/integration/conftest.py). No listener takes a client without credentials, the admin is
the one that may provision, and the services work with what it provisioned."""

import asyncio
import subprocess

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAuthorizationFailedError

from contracts.topics import BOOKING_EVENTS, TOPICS
from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity, new_idempotent_producer
from tests.polling import within
from tests.secured_kafka import (
    SecuredBroker,
    compose_environment,
    format_storage,
    image_properties,
    run_script,
)

pytestmark = pytest.mark.integration


async def _topics(bootstrap: str, security: KafkaSecurity) -> set[str]:
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, request_timeout_ms=5000, **security.client_kwargs()
    )
    await within(30, admin.start())
    try:
        return set(await within(30, admin.list_topics()))
    finally:
        await admin.close()


async def test_the_admin_provisions_and_a_service_writes_its_topic(broker, principals) -> None:
    assert {spec.name for spec in TOPICS} <= await _topics(broker.internal, broker.admin)
    producer = await new_idempotent_producer(
        broker.listeners["SERVICES"], "compose-check", principals["booking"]
    )
    try:
        await within(30, producer.send_and_wait(BOOKING_EVENTS, b"{}", key=b"k"))
    finally:
        await producer.stop()


async def test_no_listener_takes_a_client_without_credentials(broker, principals) -> None:
    assert set(broker.listeners) == {"INTERNAL", "CONTROLLER", "SUBSCRIBERS", "SERVICES"}
    refused = []
    for name, bootstrap in broker.listeners.items():
        try:
            await _topics(bootstrap, PLAINTEXT)
        except KafkaError:
            refused.append(name)
    assert refused == list(broker.listeners)
    assert await _topics(broker.internal, broker.admin)  # while the admin is let in


async def test_only_the_admin_may_create_topics(broker: SecuredBroker, principals) -> None:
    properties = image_properties(compose_environment("kafka"))
    assert properties["super.users"] == f"User:{broker.admin.username}"
    admin = AIOKafkaAdminClient(
        bootstrap_servers=broker.internal, **principals["booking"].client_kwargs()
    )
    await within(30, admin.start())
    try:
        response = await within(30, admin.create_topics([NewTopic("bitc.forged.v1", 1, 1)]))
    finally:
        await admin.close()
    assert [error for _, error, *_ in response.topic_errors] == [
        TopicAuthorizationFailedError.errno
    ]


async def test_the_healthcheck_and_every_later_up_work_on_the_formatted_broker(
    broker: SecuredBroker, principals
) -> None:
    kafka = compose_environment("kafka")
    local = {"KAFKA_BIN": broker.bin, "KAFKA_BOOTSTRAP": broker.internal}
    await asyncio.to_thread(run_script, "broker-ready.sh", kafka | local)  # its healthcheck
    # kafka-format runs on every `up`: a formatted storage is left as it is...
    formatted = await asyncio.to_thread(format_storage, broker.bin, broker.work / "data")
    assert "already formatted" in formatted
    # ... and the image's own launch step formats it too, as it always does, and goes on when
    # the answer says "already formatted" (which it greps for), as it now always will.
    image_format = await asyncio.to_thread(
        subprocess.run,
        [f"{broker.bin}/kafka-storage.sh", "format", f"--cluster-id={kafka['CLUSTER_ID']}",
         "-c", str(broker.work / "server.properties")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "already formatted" in image_format.stdout + image_format.stderr
