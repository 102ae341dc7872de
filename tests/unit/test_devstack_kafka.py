"""Broker configuration, cluster ids and the jar cache (no JVM, no network)."""

import base64
import os
import stat
from pathlib import Path

import pytest
import yaml

from bitc.devstack import DevStackError, Ports
from bitc.devstack.jars import ensure_kafka_jars, jar_dir, kafka_version
from bitc.devstack.kafka import (
    KafkaNode,
    admin_scram_argument,
    new_cluster_id,
    node_settings,
    render_server_properties,
)
from bitc.kafka_principals import ADMIN

ROOT = Path(__file__).resolve().parents[2]
REPO_POM = ROOT / "deploy" / "kafka" / "pom.xml"


def _compose_environment(service: str) -> dict[str, str]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return compose["services"][service]["environment"]


def _parse(properties: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in properties.splitlines())


def test_properties_use_the_given_ports_and_folder(tmp_path: Path) -> None:
    ports = Ports(kafka=30001, kafka_controller=30002)
    settings = _parse(render_server_properties(ports, tmp_path / "data"))
    assert settings["listeners"] == ("PLAINTEXT://127.0.0.1:30001,CONTROLLER://127.0.0.1:30002")
    assert settings["advertised.listeners"] == "PLAINTEXT://127.0.0.1:30001"
    assert settings["controller.quorum.voters"] == "1@127.0.0.1:30002"
    assert settings["log.dirs"] == str(tmp_path / "data")
    assert settings["auto.create.topics.enable"] == "false"
    assert settings["offsets.topic.replication.factor"] == "1"


def test_a_node_of_three_votes_with_all_and_keeps_internal_topics_on_every_node(
    tmp_path: Path,
) -> None:
    nodes = [KafkaNode(1, 30001, 30002), KafkaNode(2, 30003, 30004), KafkaNode(3, 30005, 30006)]
    settings = node_settings(nodes[1], nodes, tmp_path / "data")
    assert settings["node.id"] == "2"
    assert settings["controller.quorum.voters"] == (
        "1@127.0.0.1:30002,2@127.0.0.1:30004,3@127.0.0.1:30006"
    )
    assert settings["listeners"] == "PLAINTEXT://127.0.0.1:30003,CONTROLLER://127.0.0.1:30004"
    assert settings["offsets.topic.replication.factor"] == "3"
    assert settings["transaction.state.log.replication.factor"] == "3"
    # One node may be down and transactions still commit; two down and they are refused.
    assert settings["transaction.state.log.min.isr"] == "2"


def test_cluster_ids_look_like_kafkas() -> None:
    for _ in range(200):
        cluster_id = new_cluster_id()
        assert len(cluster_id) == 22
        assert not cluster_id.startswith("-")
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_version_comes_from_the_pom() -> None:
    assert kafka_version(REPO_POM).startswith("4.")


def test_cache_folder_changes_with_the_pom(tmp_path: Path) -> None:
    pom = tmp_path / "pom.xml"
    pom.write_text(REPO_POM.read_text())
    before = jar_dir(pom, tmp_path)
    assert before.name.startswith(f"kafka-{kafka_version(REPO_POM)}-")
    pom.write_text(REPO_POM.read_text().replace("2.24.3", "2.24.4"))
    assert jar_dir(pom, tmp_path) != before


def test_a_cached_jar_folder_needs_no_mvn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    cached = jar_dir(REPO_POM, tmp_path)
    cached.mkdir()
    assert ensure_kafka_jars(REPO_POM, tmp_path) == cached


def test_failed_fetch_reports_mvn_errors_and_leaves_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mvn = bin_dir / "mvn"
    mvn.write_text("#!/bin/sh\necho '[ERROR] Could not resolve dependencies: offline'\nexit 1\n")
    mvn.chmod(mvn.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin:/bin")
    cache = tmp_path / "cache"
    with pytest.raises(DevStackError) as caught:
        ensure_kafka_jars(REPO_POM, cache)
    first, *detail = str(caught.value).splitlines()
    assert first.startswith("mvn could not fetch the Kafka jars")
    assert detail == ["[ERROR] Could not resolve dependencies: offline"]
    assert list(cache.iterdir()) == []


def test_a_secured_broker_takes_no_client_without_credentials(tmp_path: Path) -> None:
    ports = Ports(kafka=30001, kafka_controller=30002)
    settings = _parse(render_server_properties(ports, tmp_path / "data", "admin-s3cret"))
    protocols = dict(p.split(":") for p in settings["listener.security.protocol.map"].split(","))
    listeners = dict(p.split("://") for p in settings["listeners"].split(","))
    assert set(listeners) <= set(protocols)
    assert {protocols[name] for name in listeners} == {"SASL_PLAINTEXT"}
    assert settings["advertised.listeners"] == "SASL_PLAINTEXT://127.0.0.1:30001"
    # What compose's broker and services use, so a client tried locally works there too.
    compose = _compose_environment("kafka")
    mechanism = _compose_environment("tenancy")["KAFKA_SASL_MECHANISM"]
    assert compose["KAFKA_LISTENER_NAME_SERVICES_SASL_ENABLED_MECHANISMS"] == mechanism
    assert settings["listener.name.sasl_plaintext.sasl.enabled.mechanisms"] == mechanism
    assert settings["authorizer.class.name"] == compose["KAFKA_AUTHORIZER_CLASS_NAME"]
    assert settings["allow.everyone.if.no.acl.found"] == "false"
    assert compose["KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"] == "false"
    assert settings["super.users"] == f"User:{ADMIN}" == compose["KAFKA_SUPER_USERS"]
    assert (
        settings["sasl.mechanism.controller.protocol"]
        == (compose["KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL"])
    )
    assert admin_scram_argument("admin-s3cret") == (
        "--add-scram",
        f"SCRAM-SHA-512=[name={ADMIN},password=admin-s3cret]",
    )
