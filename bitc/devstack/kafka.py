"""A single-node KRaft Kafka broker run straight from the cached jars, and the settings every
node of the drill's three-node cluster shares with it (bitc/devstack/kafka_cluster.py)."""

from __future__ import annotations

import asyncio
import base64
import logging
import subprocess
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from bitc.devstack.errors import DevStackError
from bitc.devstack.logs import tail
from bitc.devstack.ports import HOST, Ports
from bitc.devstack.processes import ProcessRecord, is_alive
from bitc.kafka_principals import ADMIN
from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity

_AIOKAFKA_LOG = logging.getLogger("aiokafka")
SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule required"
_PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule required"


@dataclass(frozen=True)
class KafkaNode:
    """One process of a KRaft cluster, broker and controller at once, and its two ports."""

    node_id: int
    port: int
    controller_port: int


def render_server_properties(ports: Ports, data_dir: Path, admin_password: str = "") -> str:
    """server.properties for one process acting as both broker and controller (node 1);
    secured (see _secured) when the admin principal's password is given."""
    node = KafkaNode(1, ports.kafka, ports.kafka_controller)
    settings = node_settings(node, (node,), data_dir)
    if admin_password:
        settings |= _secured(ports, admin_password)
    return render_properties(settings)


def node_settings(node: KafkaNode, voters: Sequence[KafkaNode], data_dir: Path) -> dict[str, str]:
    """Unauthenticated PLAINTEXT settings of ``node`` in a cluster whose every node (``voters``,
    ``node`` among them) is a broker and a voting controller. Internal topics keep a copy on
    each node, and transactions need a majority of them in sync: 1 of 1 on a single broker,
    2 of 3 on a cluster, as the services' own topics in production."""
    copies = len(voters)
    majority = str(copies // 2 + 1)
    return {
        "process.roles": "broker,controller",
        "node.id": str(node.node_id),
        "controller.quorum.voters": ",".join(
            f"{voter.node_id}@{HOST}:{voter.controller_port}" for voter in voters
        ),
        "listeners": f"PLAINTEXT://{HOST}:{node.port},CONTROLLER://{HOST}:{node.controller_port}",
        "advertised.listeners": f"PLAINTEXT://{HOST}:{node.port}",
        "controller.listener.names": "CONTROLLER",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs": str(data_dir),
        # Kafka's default of 3 copies cannot be met by a single broker.
        "offsets.topic.replication.factor": str(copies),
        "transaction.state.log.replication.factor": str(copies),
        "transaction.state.log.min.isr": majority,
        "share.coordinator.state.topic.replication.factor": str(copies),
        "share.coordinator.state.topic.min.isr": majority,
        # Tests start consumers and expect assignments at once, not after the 3 s default.
        "group.initial.rebalance.delay.ms": "0",
        # Topics are created explicitly with their partitions and configs; a typo must fail.
        "auto.create.topics.enable": "false",
    }


def render_properties(settings: Mapping[str, str]) -> str:
    return "".join(f"{key}={value}\n" for key, value in settings.items())


def _secured(ports: Ports, admin_password: str) -> dict[str, str]:
    """No unauthenticated listener: clients use SASL/SCRAM-SHA-512 on the Kafka port, and the
    ACLs decide, as on compose's SERVICES and SUBSCRIBERS listeners; the admin principal is the
    only super user. The broker talks to itself as the admin too, to its controller over SASL
    PLAIN (SCRAM users live in the metadata the controller serves, so a controller cannot
    check SCRAM); the admin's SCRAM credential is written when the storage is formatted."""
    scram = f'username="{ADMIN}" password="{admin_password}"'
    plain = f'{scram} user_{ADMIN}="{admin_password}"'
    return {
        "listeners": f"SASL_PLAINTEXT://{HOST}:{ports.kafka},"
        f"CONTROLLER://{HOST}:{ports.kafka_controller}",
        "advertised.listeners": f"SASL_PLAINTEXT://{HOST}:{ports.kafka}",
        "listener.security.protocol.map": "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
        "inter.broker.listener.name": "SASL_PLAINTEXT",
        "sasl.mechanism.inter.broker.protocol": "SCRAM-SHA-512",
        "listener.name.sasl_plaintext.sasl.enabled.mechanisms": "SCRAM-SHA-512",
        "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config": f"{SCRAM_MODULE} {scram};",
        "sasl.mechanism.controller.protocol": "PLAIN",
        "listener.name.controller.sasl.enabled.mechanisms": "PLAIN",
        "listener.name.controller.plain.sasl.jaas.config": f"{_PLAIN_MODULE} {plain};",
        "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users": f"User:{ADMIN}",
        "allow.everyone.if.no.acl.found": "false",
    }


def admin_scram_argument(admin_password: str) -> tuple[str, ...]:
    """StorageTool format's option that stores the admin's SCRAM credential with the storage."""
    return ("--add-scram", f"SCRAM-SHA-512=[name={ADMIN},password={admin_password}]")


def new_cluster_id() -> str:
    """A cluster id in Kafka's format (url-safe base64 of a UUID), without starting a JVM."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        # Kafka's own generator rejects ids starting with "-": they read as CLI options.
        if not cluster_id.startswith("-"):
            return cluster_id


def java_command(java: str, jars: Path, log4j_config: Path, main: str, *args: str) -> list[str]:
    return [
        java,
        "-Xmx512m",
        f"-Dlog4j2.configurationFile={log4j_config}",
        "-cp",
        f"{jars}/*",
        main,
        *args,
    ]


def format_storage(command: list[str], log: Path) -> None:
    """Run StorageTool format; `command` is a java_command for kafka.tools.StorageTool."""
    with log.open("ab") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise DevStackError(
            f"formatting Kafka storage failed (exit {done.returncode}): see {log}\n{tail(log)}"
        )


async def wait_until_ready(
    bootstrap: str,
    record: ProcessRecord,
    ready_timeout: float,
    security: KafkaSecurity = PLAINTEXT,
) -> None:
    """Wait until the broker answers metadata requests, failing fast if the JVM dies."""
    try:
        async with asyncio.timeout(ready_timeout):
            while not await _answers(bootstrap, security):
                if not is_alive(record):
                    raise DevStackError(
                        f"Kafka exited during startup: see {record.log}\n{tail(record.log)}"
                    )
                await asyncio.sleep(0.5)
    except TimeoutError:
        raise DevStackError(
            f"Kafka was not ready within {ready_timeout:.0f} s: see {record.log}\n"
            f"{tail(record.log)}"
        ) from None


async def _answers(bootstrap: str, security: KafkaSecurity) -> bool:
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, request_timeout_ms=3000, **security.client_kwargs()
    )
    # Refused connections are expected while the JVM boots; aiokafka would log each one.
    quiet = _AIOKAFKA_LOG.level
    _AIOKAFKA_LOG.setLevel(logging.CRITICAL)
    try:
        await admin.start()
        await admin.describe_cluster()
        return True
    except KafkaError:
        return False
    finally:
        _AIOKAFKA_LOG.setLevel(quiet)
        await admin.close()
