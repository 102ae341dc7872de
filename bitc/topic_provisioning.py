"""Creates the platform's Kafka topics (those of ``contracts.topics``) with their own settings and
the deployment's durability (bitc/topic_durability.py), for ``bitc setup`` and ``bitc dev up``
(bitc/provision.py); idempotent, and an existing topic is brought in line with its spec without
lowering what it has."""

import asyncio
import logging
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import TopicAlreadyExistsError, for_code

from bitc.topic_durability import SINGLE_BROKER, TopicDurability
from contracts.topics import TOPICS, TopicSpec
from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity

log = logging.getLogger(__name__)
#: DescribeConfigs' config_source of a setting made on the topic itself (not a broker default).
TOPIC_OVERRIDE = 1


class ProvisionError(Exception):
    """Setup could not complete; the message says what the operator should look at."""


async def create_topics(
    bootstrap_servers: str,
    topics: Iterable[TopicSpec] = TOPICS,
    leader_timeout: float = 30,
    security: KafkaSecurity = PLAINTEXT,
    durability: TopicDurability = SINGLE_BROKER,
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
        await _check_broker_count(admin, durability)
        response = await admin.create_topics(
            [
                NewTopic(
                    t.name,
                    t.partitions,
                    replication_factor=durability.replication_factor,
                    topic_configs=durability.configs_to_apply(t.config, {}) or {},
                )
                for t in specs
            ]
        )
        for name, code, *message in response.topic_errors:
            error = for_code(code)
            if code != 0 and error is not TopicAlreadyExistsError:
                raise ProvisionError(f"creating topic {name} failed: {error.__name__} {message}")
        await _align_configs(admin, specs, durability)
        async with asyncio.timeout(leader_timeout):
            while True:
                described = await admin.describe_topics([t.name for t in specs])
                if _all_led(described):
                    _warn_under_replicated(described, durability)
                    return
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise ProvisionError(
            f"topic partitions still had no leader after {leader_timeout:.0f} s: see the Kafka log"
        ) from None
    finally:
        await admin.close()


async def _check_broker_count(admin: AIOKafkaAdminClient, durability: TopicDurability) -> None:
    brokers = len((await admin.describe_cluster())["brokers"])
    if brokers < durability.replication_factor:
        raise ProvisionError(
            f"KAFKA_REPLICATION_FACTOR={durability.replication_factor} needs as many brokers; "
            f"the cluster has {brokers}. Lower it only for a cluster that will stay this small "
            '(docs/operations.md, "Kafka topics")'
        )


async def _align_configs(
    admin: AIOKafkaAdminClient, specs: list[TopicSpec], durability: TopicDurability
) -> None:
    """A topic made by an older release, or tuned by the Kafka team, gets what its spec has now
    (e.g. a retention lengthened so projections can be rebuilt) and keeps the rest."""
    found = await _topic_overrides(admin, [t.name for t in specs])
    stale = [
        ConfigResource(ConfigResourceType.TOPIC, t.name, configs)
        for t in specs
        if (configs := durability.configs_to_apply(t.config, found.get(t.name, {}))) is not None
    ]
    if not stale:
        return
    log.info("altering topic configs", extra={"topics": [r.name for r in stale]})
    for response in await admin.alter_configs(stale):
        for code, message, _, name in response.resources:
            if code != 0:
                raise ProvisionError(f"altering {name} failed: {for_code(code).__name__} {message}")


async def _topic_overrides(admin: AIOKafkaAdminClient, names: list[str]) -> dict[str, dict]:
    """Each topic's own settings (not the broker defaults it inherits)."""
    resources = [ConfigResource(ConfigResourceType.TOPIC, name, None) for name in names]
    return {
        name: {entry[0]: entry[1] for entry in entries if entry[3] == TOPIC_OVERRIDE}
        for response in await admin.describe_configs(resources)
        for _, _, _, name, entries in response.resources
    }


def _warn_under_replicated(described: list[dict], durability: TopicDurability) -> None:
    """Setup never shrinks nor grows an existing topic's copies (a partition reassignment is the
    Kafka team's decision), but it says when one has fewer than the setting asks."""
    for topic in described:
        copies = min(len(p["replicas"]) for p in topic["partitions"])
        if copies < durability.replication_factor:
            log.warning(
                "topic has fewer replicas than KAFKA_REPLICATION_FACTOR: reassign its partitions",
                extra={"topic": topic["topic"], "replicas": copies},
            )


def _all_led(described: list[dict]) -> bool:
    return all(
        topic["error_code"] == 0
        and topic["partitions"]
        and all(p["error_code"] == 0 and p["leader"] >= 0 for p in topic["partitions"])
        for topic in described
    )
