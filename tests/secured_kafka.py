"""A throwaway KRaft node with docker-compose.yml's own Kafka settings (SASL/SCRAM listeners,
StandardAuthorizer, super user), started natively from the broker's cached jars, plus the
kafka-configs / kafka-acls tools the deploy/kafka-security scripts call. Each test module that
proves an access rule starts its own, so its topics and users are its own."""

import asyncio
import contextlib
import os
import shutil
import subprocess
from asyncio.subprocess import PIPE, STDOUT
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from aiokafka.admin import AIOKafkaAdminClient

from bitc.devstack.jars import default_cache_root, ensure_kafka_jars
from bitc.devstack.kafka import java_command, new_cluster_id
from bitc.devstack.kafka_tools import SECURITY_SCRIPTS, ensure_tool_jars, write_tool_wrappers
from bitc.devstack.ports import HOST, free_ports
from tests.polling import eventually, within

ROOT = Path(__file__).resolve().parents[1]
POM = ROOT / "deploy" / "kafka" / "pom.xml"
LOG4J = ROOT / "deploy" / "kafka" / "log4j2.properties"


@dataclass(frozen=True)
class SecuredBroker:
    listeners: dict[str, str]  # listener name (PLAINTEXT, SUBSCRIBERS, SERVICES...) -> host:port
    bin: str

    @property
    def internal(self) -> str:
        """The unauthenticated super-user listener setup and the access scripts use."""
        return self.listeners["PLAINTEXT"]


def compose_environment(service: str) -> dict[str, str]:
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
        for name, value in compose_environment("kafka").items()
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


def _listener_names() -> list[str]:
    protocols = compose_environment("kafka")["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"]
    return [entry.split(":", 1)[0] for entry in protocols.split(",")]


@contextlib.contextmanager
def secured_broker(work: Path) -> Iterator[SecuredBroker]:
    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("needs java and mvn for a native broker")
    jars = ensure_kafka_jars(POM, default_cache_root())
    names = _listener_names()
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
    bin_dir = write_tool_wrappers(work / "bin", jars, ensure_tool_jars(POM, default_cache_root()))
    try:
        yield SecuredBroker({n: f"{HOST}:{p}" for n, p in ports.items()}, str(bin_dir))
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


async def wait_until_up(broker: SecuredBroker) -> None:
    await eventually(lambda: _answers(broker.internal), until=bool, timeout=90, what="broker up")


async def run_security_script(broker: SecuredBroker, script: str, env: dict[str, str]) -> str:
    """Runs a deploy/kafka-security script against the broker as compose's one-shots do."""
    environment = {**os.environ, "KAFKA_BIN": broker.bin, "KAFKA_BOOTSTRAP": broker.internal}
    process = await asyncio.create_subprocess_exec(
        "bash", str(SECURITY_SCRIPTS / script), env=environment | env, stdout=PIPE, stderr=STDOUT
    )
    output, _ = await within(300, process.communicate())
    assert process.returncode == 0, output.decode()
    return output.decode()
