"""`bitc setup` run again after a release changed a topic's settings (e.g. a retention
lengthened so projections can be rebuilt) brings the existing topic in line."""

import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from bitc.topic_provisioning import create_topics
from contracts.topics import TopicSpec

pytestmark = pytest.mark.integration


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


async def _configs(bootstrap: str, topic: str) -> dict[str, str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        wanted = ConfigResource(
            ConfigResourceType.TOPIC, topic, {"retention.ms": None, "cleanup.policy": None}
        )
        responses = await admin.describe_configs([wanted])
    finally:
        await admin.close()
    entries = responses[0].resources[0][4]
    return {entry[0]: entry[1] for entry in entries}
