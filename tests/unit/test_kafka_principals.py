"""The services' Kafka principals: the ACL table the deployment applies is the one derived from
the topics and from what each service really subscribes to, and compose gives each service the
credentials of its own principal. The operators' principal may do what `bitc dlq` and
`bitc replay` need: replay any dead letter to its topic, rebuild every projection."""

import importlib
from pathlib import Path

import pytest
import yaml

from bitc.kafka_principals import (
    OPERATOR,
    operator_acls,
    render,
    replayable_groups,
    service_acls,
)
from bitc.provision import SERVICES
from bitc.service_events import consumed_topics
from contracts.topics import TENANCY_CONTACTS, TENANCY_EVENTS, dead_letter_resolutions_topic

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "deploy" / "kafka-security" / "service-acls.txt"
UNREACHABLE = {
    "database_url": "postgresql+asyncpg://nobody:nothing@127.0.0.1:9/none",
    "kafka_bootstrap_servers": "127.0.0.1:9",
}


def _running_blueprint(name: str):
    """The blueprint of the service's real app, built from real settings."""
    settings = importlib.import_module(f"services.{name}.settings").Settings(**UNREACHABLE)
    app = importlib.import_module(f"services.{name}.bootstrap").create_app(settings)
    return app.state.runtime.blueprint


def _subscriptions(name: str) -> list:
    return list(_running_blueprint(name).subscriptions)


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]


def test_the_committed_acl_table_is_the_generated_one() -> None:
    assert TABLE.read_text(encoding="utf-8") == render(), (
        "run: python -m bitc.kafka_principals > deploy/kafka-security/service-acls.txt"
    )


@pytest.mark.parametrize("name", SERVICES)
def test_a_service_may_read_exactly_the_topics_and_groups_it_subscribes_with(name: str) -> None:
    subscriptions = _subscriptions(name)
    assert sorted(consumed_topics(name)) == sorted({s.topic for s in subscriptions})
    prefixes = [acl.name for acl in service_acls(name) if acl.resource == "group"]
    for subscription in subscriptions:
        assert any(subscription.consumer.startswith(prefix) for prefix in prefixes)


def test_only_notifications_may_read_the_private_contacts_topic() -> None:
    readers = {
        acl.principal
        for name in SERVICES
        for acl in service_acls(name)
        if acl.name == TENANCY_CONTACTS and "Read" in acl.operations
    }
    assert readers == {"notifications"}
    writers = {
        acl.principal
        for name in SERVICES
        for acl in service_acls(name)
        if acl.name == TENANCY_EVENTS and "Write" in acl.operations
    }
    assert writers == {"tenancy"}


@pytest.mark.parametrize("name", SERVICES)
def test_compose_gives_each_service_its_own_principal(name: str) -> None:
    services = _compose()
    environment = services[name]["environment"]
    assert environment["KAFKA_SASL_USERNAME"] == name
    variable = f"KAFKA_{name.upper()}_PASSWORD"
    assert environment["KAFKA_SASL_PASSWORD"].startswith(f"${{{variable}:?")
    assert services["kafka-service-access"]["environment"][variable].startswith(f"${{{variable}:?")
    depends = services[name]["depends_on"]["kafka-service-access"]["condition"]
    assert depends == "service_completed_successfully"


def _operator_may(operation: str, resource: str) -> set[str]:
    return {
        acl.name
        for acl in operator_acls()
        if acl.resource == resource and operation in acl.operations and acl.pattern == "literal"
    }


def test_the_operator_may_rebuild_exactly_the_projections_bitc_replay_offers() -> None:
    offered = {
        (projection.subscription.topic, projection.consumer)
        for name in SERVICES
        for projection in _running_blueprint(name).projections
    }
    assert offered, "booking's tenant projection at least"
    assert set(replayable_groups()) == offered
    assert {topic for topic, _ in offered} <= _operator_may("Read", "topic")
    assert {group for _, group in offered} <= _operator_may("Describe", "group")


def test_the_operator_never_joins_or_commits_for_a_services_consumer_group() -> None:
    assert not _operator_may("Read", "group")


@pytest.mark.parametrize("name", SERVICES)
def test_the_operator_may_replay_a_services_dead_letters_and_record_the_decision(name) -> None:
    readable, writable = _operator_may("Read", "topic"), _operator_may("Write", "topic")
    assert f"bitc.{name}.deadletter.v1" in readable
    assert dead_letter_resolutions_topic(name) in readable & writable
    assert set(consumed_topics(name)) <= writable, (
        "a dead letter goes back to the topic it came from"
    )
    service_writes = {acl.name for acl in service_acls(name) if "Write" in acl.operations}
    assert dead_letter_resolutions_topic(name) not in service_writes


def test_compose_creates_the_operator_with_a_password_from_env() -> None:
    environment = _compose()["kafka-service-access"]["environment"]
    variable = f"KAFKA_{OPERATOR.upper().replace('-', '_')}_PASSWORD"
    assert environment[variable].startswith(f"${{{variable}:?")
