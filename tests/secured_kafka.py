"""A throwaway KRaft node with docker-compose.yml's own Kafka settings, started natively from the
broker's cached jars. The compose file is read as Compose reads it, interpolated with a test
``.env`` (.env.example with the tests' passwords); the kafka service's environment becomes
server.properties by the apache/kafka image's own rule, with only host names, ports and the log
folder made local; the storage is formatted by the kafka-format one-shot's script with that
one-shot's environment. So the broker has compose's listeners (all SASL), super user and
authorizer, and the admin principal logs in as compose's setup and one-shots do. The
kafka-configs / kafka-acls / kafka-storage / kafka-broker-api-versions tools the
deploy/kafka-security scripts call are wrappers around the jars. Each test module that proves an
access rule starts its own, so its topics and users are its own."""

import asyncio
import contextlib
import functools
import os
import re
import shutil
import subprocess
from asyncio.subprocess import PIPE, STDOUT
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiokafka.admin import AIOKafkaAdminClient
from dotenv import dotenv_values

from bitc.devstack.jars import default_cache_root, ensure_kafka_jars
from bitc.devstack.kafka import SCRAM_MODULE, java_command
from bitc.devstack.kafka_tools import SECURITY_SCRIPTS, ensure_tool_jars, write_tool_wrappers
from bitc.devstack.ports import HOST, free_ports
from shared.messaging.kafka_clients import KafkaSecurity
from shared.runtime.settings import KafkaClientSettings
from tests.compose_interpolation import Interpolation
from tests.polling import eventually, within

ROOT = Path(__file__).resolve().parents[1]
POM = ROOT / "deploy" / "kafka" / "pom.xml"
LOG4J = ROOT / "deploy" / "kafka" / "log4j2.properties"
#: The test .env: a fresh one (.env.example) with the tests' own Kafka passwords.
TEST_ENV = {k: v or "" for k, v in dotenv_values(ROOT / ".env.example").items()} | {
    f"KAFKA_{user}_PASSWORD": f"{user.lower().replace('_', '-')}-kafka-s3cret"
    for user in ("ADMIN", "TENANCY", "BOOKING", "NOTIFICATIONS", "CONSOLE", "BITC_OPERATOR")
}
#: Variables the image's KafkaDockerWrapper leaves out of server.properties (JVM and logging).
_IMAGE_EXCLUSIONS = {
    "KAFKA_VERSION", "KAFKA_HEAP_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS",
    "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_ROOT_LOGLEVEL",
    "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL", "KAFKA_JMX_HOSTNAME",
}  # fmt: skip


@dataclass(frozen=True)
class SecuredBroker:
    listeners: dict[str, str]  # listener name (INTERNAL, SUBSCRIBERS, SERVICES...) -> host:port
    bin: str
    admin: KafkaSecurity  # as compose's setup connects
    command_config: str  # the Kafka tools' client settings as the admin
    work: Path

    @property
    def internal(self) -> str:
        """The admin's listener, which setup and the access one-shots use."""
        return self.listeners["INTERNAL"]


@functools.cache
def _interpolated_compose() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return Interpolation(TEST_ENV).document(compose)


def compose_environment(service: str) -> dict[str, str]:
    """A service's environment as Compose gives it with the test .env."""
    return {
        k: str(v) for k, v in _interpolated_compose()["services"][service]["environment"].items()
    }


def as_property(variable: str) -> str:
    """The apache/kafka image's rule: KAFKA_A_B__C___D -> a.b_c-d."""
    name = variable.removeprefix("KAFKA_").lower()
    return (
        name.replace("___", "\0").replace("__", "\1").replace("_", ".").translate({0: "-", 1: "_"})
    )


def image_properties(environment: dict[str, str]) -> dict[str, str]:
    """server.properties as the image writes it from the container's environment."""
    return {
        as_property(name): value
        for name, value in environment.items()
        if name.startswith("KAFKA_") and name not in _IMAGE_EXCLUSIONS
    }


def _local(listeners: str, ports: dict[str, int]) -> str:
    names = (entry.split("://", 1)[0] for entry in listeners.split(","))
    return ",".join(f"{name}://{HOST}:{ports[name]}" for name in names)


def _server_properties(settings: dict[str, str], data_dir: Path, ports: dict[str, int]) -> str:
    controller = settings["controller.listener.names"].split(",")[0]
    voters = re.sub(r"@[^,]+", f"@{HOST}:{ports[controller]}", settings["controller.quorum.voters"])
    settings = settings | {
        "listeners": _local(settings["listeners"], ports),
        "advertised.listeners": _local(settings["advertised.listeners"], ports),
        "controller.quorum.voters": voters,
        "log.dirs": str(data_dir),
    }
    return "".join(f"{key}={value}\n" for key, value in settings.items())


def _admin() -> KafkaSecurity:
    setup = compose_environment("setup")
    return KafkaSecurity.from_settings(
        KafkaClientSettings(
            kafka_security_protocol=setup["KAFKA_SECURITY_PROTOCOL"],
            kafka_sasl_mechanism=setup["KAFKA_SASL_MECHANISM"],
            kafka_sasl_username=setup["KAFKA_SASL_USERNAME"],
            kafka_sasl_password=setup["KAFKA_SASL_PASSWORD"],
        )
    )


def _command_config(path: Path, admin: KafkaSecurity) -> Path:
    path.touch(mode=0o600)
    path.write_text(
        f"security.protocol={admin.protocol}\nsasl.mechanism={admin.mechanism}\n"
        f'sasl.jaas.config={SCRAM_MODULE} username="{admin.username}" '
        f'password="{admin.password}";\n',
        encoding="utf-8",
    )
    return path


def run_script(script: str, env: dict[str, str], timeout: float = 300) -> str:
    """Runs a deploy/kafka-security script as compose runs it, with ``env`` only added."""
    done = subprocess.run(
        ["bash", str(SECURITY_SCRIPTS / script)],
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{script} failed ({done.returncode}):\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def format_storage(bin_dir: str | Path, data_dir: Path) -> str:
    """The kafka-format one-shot, on a local folder instead of the volume."""
    env = compose_environment("kafka-format")
    return run_script(
        "format-storage.sh", env | {"KAFKA_BIN": str(bin_dir), "KAFKA_LOG_DIRS": str(data_dir)}
    )


@contextlib.contextmanager
def secured_broker(work: Path) -> Iterator[SecuredBroker]:
    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("needs java and mvn for a native broker")
    jars = ensure_kafka_jars(POM, default_cache_root())
    bin_dir = write_tool_wrappers(work / "bin", jars, ensure_tool_jars(POM, default_cache_root()))
    settings = image_properties(compose_environment("kafka"))
    names = [entry.split("://", 1)[0] for entry in settings["listeners"].split(",")]
    ports = dict(zip(names, free_ports(len(names)), strict=True))
    config = work / "server.properties"
    config.write_text(_server_properties(settings, work / "data", ports), encoding="utf-8")
    format_storage(bin_dir, work / "data")
    log = (work / "kafka.log").open("ab")
    broker = subprocess.Popen(
        java_command("java", jars, LOG4J, "kafka.Kafka", str(config)),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    admin = _admin()
    try:
        yield SecuredBroker(
            listeners={n: f"{HOST}:{p}" for n, p in ports.items()},
            bin=str(bin_dir),
            admin=admin,
            command_config=str(_command_config(work / "admin-client.properties", admin)),
            work=work,
        )
    finally:
        broker.terminate()
        broker.wait(timeout=30)
        log.close()


async def _answers(bootstrap: str, security: KafkaSecurity) -> bool:
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, request_timeout_ms=3000, **security.client_kwargs()
    )
    try:
        await admin.start()
        await admin.describe_cluster()
        return True
    except Exception:
        return False
    finally:
        await admin.close()


async def wait_until_up(broker: SecuredBroker) -> None:
    await eventually(
        lambda: _answers(broker.internal, broker.admin), until=bool, timeout=90, what="broker up"
    )


async def run_security_script(broker: SecuredBroker, script: str, env: dict[str, str]) -> str:
    """Runs a deploy/kafka-security script against the broker as compose's one-shots do: as the
    admin principal (their KAFKA_ADMIN_USER / KAFKA_ADMIN_PASSWORD), ``env`` added."""
    one_shot = compose_environment("kafka-service-access")
    admin = {name: one_shot[name] for name in ("KAFKA_ADMIN_USER", "KAFKA_ADMIN_PASSWORD")}
    environment = os.environ | admin | env | {
        "KAFKA_BIN": broker.bin, "KAFKA_BOOTSTRAP": broker.internal
    }  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        "bash", str(SECURITY_SCRIPTS / script), env=environment, stdout=PIPE, stderr=STDOUT
    )
    output, _ = await within(300, process.communicate())
    assert process.returncode == 0, output.decode()
    return output.decode()
