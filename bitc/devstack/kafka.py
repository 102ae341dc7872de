"""A single-node KRaft Kafka broker run straight from the cached jars."""

from __future__ import annotations

import asyncio
import base64
import logging
import subprocess
import uuid
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from bitc.devstack.errors import DevStackError
from bitc.devstack.logs import tail
from bitc.devstack.ports import HOST, Ports
from bitc.devstack.processes import ProcessRecord, is_alive

_AIOKAFKA_LOG = logging.getLogger("aiokafka")


def render_server_properties(ports: Ports, data_dir: Path) -> str:
    """server.properties for one process acting as both broker and controller (node 1)."""
    settings = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@{HOST}:{ports.kafka_controller}",
        "listeners": f"PLAINTEXT://{HOST}:{ports.kafka},CONTROLLER://{HOST}:{ports.kafka_controller}",
        "advertised.listeners": f"PLAINTEXT://{HOST}:{ports.kafka}",
        "controller.listener.names": "CONTROLLER",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs": str(data_dir),
        # One broker: internal topics cannot have the default replication factor of 3.
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        # Tests start consumers and expect assignments at once, not after the 3 s default.
        "group.initial.rebalance.delay.ms": "0",
        # Topics are created explicitly with their partitions and configs; a typo must fail.
        "auto.create.topics.enable": "false",
    }
    return "".join(f"{key}={value}\n" for key, value in settings.items())


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


async def wait_until_ready(bootstrap: str, record: ProcessRecord, ready_timeout: float) -> None:
    """Wait until the broker answers metadata requests, failing fast if the JVM dies."""
    try:
        async with asyncio.timeout(ready_timeout):
            while not await _answers(bootstrap):
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


async def _answers(bootstrap: str) -> bool:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
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
