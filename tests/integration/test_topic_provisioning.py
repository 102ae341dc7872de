"""`bitc setup` run again after a release changed a topic's settings (e.g. a retention
lengthened so projections can be rebuilt) brings the existing topic in line."""

import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from bitc.topic_durability import TopicDurability
from bitc.topic_provisioning import ProvisionError, create_topics
from contracts.topics import TopicSpec
from tests.polling import eventually

pytestmark = pytest.mark.integration
MIN_ISR = "min.insync.replicas"


async def test_an_existing_topic_gets_the_settings_of_its_spec(infra):
    name = f"test.retention.{uuid.uuid4().hex[:8]}"
    old = TopicSpec(name, 1, False, "", "", config={"retention.ms": str(24 * 3600 * 1000)})
    new = TopicSpec(
        name, 1, False, "", "", config={"retention.ms": "-1", "cleanup.policy": "delete"}
    )
    await create_topics(infra.kafka_bootstrap, [old])
    assert await _configs(infra.kafka_bootstrap, name) == {
        "retention.ms": "86400000",
        "cleanup.policy": "delete",
    }

    await create_topics(infra.kafka_bootstrap, [new])
    await create_topics(infra.kafka_bootstrap, [new])  # nothing left to change: no error

    assert await _configs(infra.kafka_bootstrap, name) == {
        "retention.ms": "-1",
        "cleanup.policy": "delete",
    }


async def _configs(bootstrap: str, topic: str, *names: str) -> dict[str, str]:
    """The topic's values of ``names`` (default: retention and cleanup policy)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        asked = names or ("retention.ms", "cleanup.policy")
        wanted = ConfigResource(ConfigResourceType.TOPIC, topic, dict.fromkeys(asked))
        responses = await admin.describe_configs([wanted])
    finally:
        await admin.close()
    entries = responses[0].resources[0][4]
    return {entry[0]: entry[1] for entry in entries}


async def test_setup_keeps_what_the_kafka_team_set_and_never_lowers_min_isr(infra):
    name = f"test.tuned.{uuid.uuid4().hex[:8]}"
    spec = TopicSpec(name, 1, False, "", "", config={"retention.ms": "-1"})
    await create_topics(infra.kafka_bootstrap, [spec])
    tuned = {"max.message.bytes": "2097152", MIN_ISR: "3"}
    await _alter(infra.kafka_bootstrap, name, tuned)
    # The brokers apply a change shortly after the controller accepts it.
    await eventually(
        lambda: _configs(infra.kafka_bootstrap, name, *tuned),
        until=lambda found: found == tuned,
        what="the Kafka team's settings in effect",
    )

    await create_topics(infra.kafka_bootstrap, [spec])  # the next release's `bitc setup`

    found = await _configs(infra.kafka_bootstrap, name, "max.message.bytes", MIN_ISR)
    assert found == {"max.message.bytes": "2097152", MIN_ISR: "3"}


async def test_a_replication_factor_the_cluster_cannot_hold_is_refused_naming_the_setting(infra):
    name = f"test.replicated.{uuid.uuid4().hex[:8]}"
    with pytest.raises(ProvisionError, match=r"KAFKA_REPLICATION_FACTOR=3 .* has 1"):
        await create_topics(
            infra.kafka_bootstrap, [TopicSpec(name, 1, False, "", "")], durability=TopicDurability()
        )

    admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap)
    await admin.start()
    try:
        assert name not in await admin.list_topics()
    finally:
        await admin.close()


async def _alter(bootstrap: str, topic: str, configs: dict[str, str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        current = await _configs(bootstrap, topic, "retention.ms")
        resource = ConfigResource(ConfigResourceType.TOPIC, topic, current | configs)
        await admin.alter_configs([resource])
    finally:
        await admin.close()
