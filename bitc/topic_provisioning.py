"""Creates the platform's Kafka topics (those of ``contracts.topics``) with their own settings, for
``bitc setup`` and ``bitc dev up`` (bitc/provision.py); idempotent, and an existing topic is
brought in line with its spec."""

import asyncio
import logging
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import TopicAlreadyExistsError, for_code

from contracts.topics import TOPICS, TopicSpec
from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity

log = logging.getLogger(__name__)


class ProvisionError(Exception):
    """Setup could not complete; the message says what the operator should look at."""


async def create_topics(
    bootstrap_servers: str,
    topics: Iterable[TopicSpec] = TOPICS,
    leader_timeout: float = 30,
    security: KafkaSecurity = PLAINTEXT,
) -> None:
    """Creates the topics (an existing one gets its configs from the spec) and returns once every
    partition has a leader, so a producer started next does not begin with NotLeaderForPartition
    retries."""
    specs = list(topics)
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers, client_id="bitc-provision", **security.client_kwargs()
    )
    try:
        await admin.start()
        response = await admin.create_topics(
            [
                NewTopic(t.name, t.partitions, replication_factor=1, topic_configs=t.config)
                for t in specs
            ]
        )
        for name, code, *message in response.topic_errors:
            error = for_code(code)
            if code != 0 and error is not TopicAlreadyExistsError:
                raise ProvisionError(f"creating topic {name} failed: {error.__name__} {message}")
        await _align_configs(admin, specs)
        async with asyncio.timeout(leader_timeout):
            while True:
                if _all_led(await admin.describe_topics([t.name for t in specs])):
                    return
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise ProvisionError(
            f"topic partitions still had no leader after {leader_timeout:.0f} s: see the Kafka log"
        ) from None
    finally:
        await admin.close()


async def _align_configs(admin: AIOKafkaAdminClient, specs: list[TopicSpec]) -> None:
    """A topic made by an older release gets the settings its spec has now (e.g. a retention
    lengthened so projections can be rebuilt). AlterConfigs replaces a topic's own settings
    with the given set: the spec is the whole of them. Topics already in line are left alone."""
    resources = [
        ConfigResource(ConfigResourceType.TOPIC, t.name, t.config) for t in specs if t.config
    ]
    current = {
        name: dict(entry[:2] for entry in entries)
        for response in await admin.describe_configs(resources)
        for _, _, _, name, entries in response.resources
    }
    stale = [r for r in resources if current.get(r.name) != r.configs]
    if not stale:
        return
    log.info("altering topic configs", extra={"topics": [r.name for r in stale]})
    for response in await admin.alter_configs(stale):
        for code, message, _, name in response.resources:
            if code != 0:
                raise ProvisionError(f"altering {name} failed: {for_code(code).__name__} {message}")


def _all_led(described: list[dict]) -> bool:
    return all(
        topic["error_code"] == 0
        and topic["partitions"]
        and all(p["error_code"] == 0 and p["leader"] >= 0 for p in topic["partitions"])
        for topic in described
    )
