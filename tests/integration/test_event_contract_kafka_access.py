"""The subscriber access of docker-compose.yml, proven on a real broker: a throwaway KRaft node
runs with the compose file's own Kafka settings (SASL/SCRAM listener, StandardAuthorizer, super
user), deploy/kafka-security/create-subscriber.sh creates the subscriber with the compose
file's PUBLIC_TOPICS, and that subscriber can read a public topic but not the contacts topic,
cannot write, and can only use its own consumer groups.

Runs natively (no Docker): the broker's cached jars plus kafka-tools for kafka-acls.
"""

import asyncio
import os
import shutil
import subprocess
import uuid
from asyncio.subprocess import PIPE, STDOUT
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import GroupAuthorizationFailedError, TopicAuthorizationFailedError

from bitc.devstack.jars import default_cache_root, ensure_kafka_jars, kafka_version
from bitc.devstack.kafka import java_command, new_cluster_id
from bitc.devstack.ports import HOST, free_ports
from contracts.topics import BOOKING_EVENTS, TENANCY_CONTACTS
from tests.polling import eventually

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
POM = ROOT / "deploy" / "kafka" / "pom.xml"
LOG4J = ROOT / "deploy" / "kafka" / "log4j2.properties"
SCRIPT = ROOT / "deploy" / "kafka-security" / "create-subscriber.sh"
USER, PASSWORD = "city-dashboard", "s3cret-for-the-test"
TOOLS = {
    "kafka-configs.sh": "kafka.admin.ConfigCommand",
    "kafka-acls.sh": "org.apache.kafka.tools.AclCommand",
}


def _compose_environment(service: str) -> dict[str, str]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return {k: str(v) for k, v in compose["services"][service]["environment"].items()}


def _as_property(variable: str) -> str:
    """The apache/kafka image's rule: KAFKA_A_B__C___D -> a.b_c-d."""
    name = variable.removeprefix("KAFKA_").lower()
    return (
        name.replace("___", "\0").replace("__", "\1").replace("_", ".").translate({0: "-", 1: "_"})
    )


def _server_properties(data_dir: Path, ports: dict[str, int]) -> str:
    settings = {
        _as_property(name): value
        for name, value in _compose_environment("kafka").items()
        if name.startswith("KAFKA_")
    }
    listeners = ",".join(f"{name}://{HOST}:{port}" for name, port in ports.items())
    settings |= {
        "listeners": listeners,
        "advertised.listeners": ",".join(p for p in listeners.split(",") if "CONTROLLER" not in p),
        "controller.quorum.voters": f"1@{HOST}:{ports['CONTROLLER']}",
        "log.dirs": str(data_dir),
    }
    return "".join(f"{key}={value}\n" for key, value in settings.items())


def _tool_jars() -> Path:
    """kafka-tools (kafka-acls) is not among the broker's runtime jars: fetched once with mvn."""
    target = default_cache_root() / f"kafka-tools-{kafka_version(POM)}"
    if not any(target.glob("*.jar")):
        artifact = f"org.apache.kafka:kafka-tools:{kafka_version(POM)}"
        subprocess.run(
            ["mvn", "-q", "-B", "dependency:copy", f"-Dartifact={artifact}",
             f"-DoutputDirectory={target}"],
            check=True, cwd=target.parent,
        )  # fmt: skip
    return target


@pytest.fixture(scope="module")
def secured_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("needs java and mvn for a native broker")
    work = tmp_path_factory.mktemp("kafka-sasl")
    jars = ensure_kafka_jars(POM, default_cache_root())
    names = ("PLAINTEXT", "CONTROLLER", "PLAINTEXT_HOST", "SUBSCRIBERS")
    ports = dict(zip(names, free_ports(len(names)), strict=True))
    config = work / "server.properties"
    config.write_text(_server_properties(work / "data", ports), encoding="utf-8")
    log = (work / "kafka.log").open("ab")
    subprocess.run(
        java_command("java", jars, LOG4J, "kafka.tools.StorageTool", "format", "-t",
                     new_cluster_id(), "-c", str(config)),
        check=True, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    broker = subprocess.Popen(
        java_command("java", jars, LOG4J, "kafka.Kafka", str(config)),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    bin_dir = work / "bin"
    bin_dir.mkdir()
    classpath = f"{jars}/*:{_tool_jars()}/*"
    for script, main in TOOLS.items():
        (bin_dir / script).write_text(f'#!/bin/sh\nexec java -cp "{classpath}" {main} "$@"\n')
        (bin_dir / script).chmod(0o755)
    try:
        yield {
            "internal": f"{HOST}:{ports['PLAINTEXT']}",
            "subscribers": f"{HOST}:{ports['SUBSCRIBERS']}",
            "bin": str(bin_dir),
        }
    finally:
        broker.terminate()
        broker.wait(timeout=30)
        log.close()


async def _answers(bootstrap: str) -> bool:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    try:
        await admin.start()
        await admin.describe_cluster()
        return True
    except Exception:
        return False
    finally:
        await admin.close()


async def _prepare_topics(internal: str) -> None:
    """As the platform's `bitc setup` would: topics, then one event on each, as ANONYMOUS."""
    await eventually(lambda: _answers(internal), until=bool, timeout=90, what="broker up")
    admin = AIOKafkaAdminClient(bootstrap_servers=internal)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(t, 1, 1) for t in (BOOKING_EVENTS, TENANCY_CONTACTS)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=internal, acks="all")
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
        return (await asyncio.wait_for(consumer.getone(), timeout=30)).value
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


async def test_a_subscriber_reads_public_topics_only(secured_broker: dict[str, str]) -> None:
    await _prepare_topics(secured_broker["internal"])
    access = _compose_environment("kafka-access")
    environment = {
        **os.environ,
        "KAFKA_BIN": secured_broker["bin"],
        "KAFKA_BOOTSTRAP": secured_broker["internal"],
        "PUBLIC_TOPICS": access["PUBLIC_TOPICS"],
        "KAFKA_SUBSCRIBER_USER": USER,
        "KAFKA_SUBSCRIBER_PASSWORD": PASSWORD,
    }
    script = await asyncio.create_subprocess_exec(
        "bash", str(SCRIPT), env=environment, stdout=PIPE, stderr=STDOUT
    )
    output, _ = await asyncio.wait_for(script.communicate(), timeout=180)
    assert script.returncode == 0, output.decode()
    subscribers = secured_broker["subscribers"]

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
            await asyncio.wait_for(producer.send_and_wait(BOOKING_EVENTS, b"forged"), 30)
    finally:
        await producer.stop()
