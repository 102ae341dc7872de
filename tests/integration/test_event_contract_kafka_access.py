"""The subscriber access of docker-compose.yml, proven on a real broker: a throwaway KRaft node
runs with the compose file's own Kafka settings (SASL/SCRAM listener, StandardAuthorizer, super
user), deploy/kafka-security/create-subscriber.sh creates the subscriber with the compose
file's PUBLIC_TOPICS, and that subscriber can read a public topic but not the contacts topic,
cannot write, and can only use its own consumer groups.

Runs natively (no Docker): the broker's cached jars plus kafka-tools for kafka-acls.
"""

import uuid
from collections.abc import Iterator

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import GroupAuthorizationFailedError, TopicAuthorizationFailedError

from contracts.topics import BOOKING_EVENTS, TENANCY_CONTACTS
from tests.polling import within
from tests.secured_kafka import (
    SecuredBroker,
    compose_environment,
    run_security_script,
    secured_broker,
    wait_until_up,
)

pytestmark = pytest.mark.integration

USER, PASSWORD = "city-dashboard", "s3cret-for-the-test"


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredBroker]:
    with secured_broker(tmp_path_factory.mktemp("kafka-sasl")) as started:
        yield started


async def _prepare_topics(broker: SecuredBroker) -> None:
    """As the platform's `bitc setup` would: topics, then one event on each, as the admin."""
    admin = AIOKafkaAdminClient(bootstrap_servers=broker.internal, **broker.admin.client_kwargs())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(t, 1, 1) for t in (BOOKING_EVENTS, TENANCY_CONTACTS)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(
        bootstrap_servers=broker.internal, acks="all", **broker.admin.client_kwargs()
    )
    await producer.start()
    try:
        for topic in (BOOKING_EVENTS, TENANCY_CONTACTS):
            await producer.send_and_wait(topic, b"{}", key=b"k")
    finally:
        await producer.stop()


def _sasl(bootstrap: str, password: str = PASSWORD) -> dict:
    return {
        "bootstrap_servers": bootstrap,
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": USER,
        "sasl_plain_password": password,
    }


async def _read_one(bootstrap: str, topic: str, group: str | None) -> bytes:
    consumer = AIOKafkaConsumer(group_id=group, auto_offset_reset="earliest", **_sasl(bootstrap))
    await consumer.start()
    try:
        if group is None:
            consumer.assign([TopicPartition(topic, 0)])
        else:
            consumer.subscribe([topic])
        return (await within(30, consumer.getone())).value
    finally:
        await consumer.stop()


async def _topic_errors(bootstrap: str) -> dict[str, int]:
    admin = AIOKafkaAdminClient(**_sasl(bootstrap))
    await admin.start()
    try:
        topics = await admin.describe_topics([BOOKING_EVENTS, TENANCY_CONTACTS])
    finally:
        await admin.close()
    return {topic["topic"]: topic["error_code"] for topic in topics}


async def test_a_subscriber_reads_public_topics_only(broker: SecuredBroker) -> None:
    await wait_until_up(broker)
    await _prepare_topics(broker)
    access = compose_environment("kafka-access")
    await run_security_script(
        broker,
        "create-subscriber.sh",
        {
            "PUBLIC_TOPICS": access["PUBLIC_TOPICS"],
            "KAFKA_SUBSCRIBER_USER": USER,
            "KAFKA_SUBSCRIBER_PASSWORD": PASSWORD,
        },
    )
    subscribers = broker.listeners["SUBSCRIBERS"]

    assert await _read_one(subscribers, BOOKING_EVENTS, f"{USER}.occupancy") == b"{}"
    # Read implies Describe, so a topic the subscriber may not even describe it cannot read;
    # the broker says so explicitly (aiokafka's consumer would only log it and keep retrying).
    assert await _topic_errors(subscribers) == {
        BOOKING_EVENTS: 0,
        TENANCY_CONTACTS: TopicAuthorizationFailedError.errno,
    }
    with pytest.raises(GroupAuthorizationFailedError):
        await _read_one(subscribers, BOOKING_EVENTS, f"someone-else-{uuid.uuid4()}")
    producer = AIOKafkaProducer(**_sasl(subscribers))
    await producer.start()
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            await within(30, producer.send_and_wait(BOOKING_EVENTS, b"forged"))
    finally:
        await producer.stop()
