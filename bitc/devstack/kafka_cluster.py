"""A three-node KRaft Kafka cluster run straight from the cached jars, for the fault drill's
broker loss: every node is a broker and a voting controller with its own data folder and free
ports, all formatted with one cluster id. Unauthenticated PLAINTEXT, like the suite's broker.

    cluster = KafkaCluster(folder)
    bootstrap = await cluster.start()   # all three brokers in the metadata
    await cluster.kill(2)               # SIGKILL
    await cluster.restart(2)            # back on its old ports and data
    cluster.stop()
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from bitc.devstack import kafka
from bitc.devstack.errors import DevStackError
from bitc.devstack.jars import default_cache_root, ensure_kafka_jars
from bitc.devstack.kafka import KafkaNode
from bitc.devstack.logs import tail
from bitc.devstack.ports import HOST, free_ports
from bitc.devstack.prereqs import require_java
from bitc.devstack.processes import ProcessRecord, is_alive, send_signal, spawn, terminate
from bitc.devstack.records import ProcessTable
from bitc.devstack.state_folder import REPO_ROOT

_AIOKAFKA_LOG = logging.getLogger("aiokafka")


class KafkaCluster:
    """Nodes 1..``size`` recorded in ``home``/pids.json as kafka-1, kafka-2, ..."""

    def __init__(
        self,
        home: Path,
        size: int = 3,
        *,
        repo_root: Path = REPO_ROOT,
        cache_root: Path | None = None,
    ) -> None:
        self.home = home
        ports = free_ports(2 * size)
        self.nodes = tuple(KafkaNode(i + 1, ports[2 * i], ports[2 * i + 1]) for i in range(size))
        self.table = ProcessTable(home / "pids.json")
        self._deploy = repo_root / "deploy" / "kafka"
        self._repo_root = repo_root
        self._cache_root = cache_root or default_cache_root()

    @property
    def bootstrap(self) -> str:
        return ",".join(f"{HOST}:{node.port}" for node in self.nodes)

    async def start(self, ready_timeout: float = 180) -> str:
        """Format and start every node; returns the bootstrap list once all are brokers."""
        await asyncio.to_thread(self._format_all)
        for node in self.nodes:
            self._launch(node)
        await self.wait_for_brokers(self._every_node(), ready_timeout)
        return self.bootstrap

    async def kill(self, node_id: int, fenced_timeout: float = 60) -> None:
        """SIGKILL one node, as when its machine loses power; returns once the controllers
        have dropped it from the metadata (its broker session lapsed), so clients fail over."""
        record = self._record(node_id)
        await asyncio.to_thread(terminate, record, signal.SIGKILL)
        await self.wait_for_brokers(self._every_node() - {node_id}, fenced_timeout)

    async def restart(self, node_id: int, ready_timeout: float = 120) -> None:
        """Start a node again on its old ports and data; returns once it is a broker again."""
        self._launch(self.nodes[node_id - 1])
        await self.wait_for_brokers(self._every_node(), ready_timeout)

    def stop(self, timeout: float = 30) -> None:
        """Stop every node (SIGTERM, a controlled shutdown) and forget them; data stays.
        All are told at once: the last of nodes stopped one by one has no controller quorum
        left to leave the cluster through and would wait out its shutdown timeout."""
        records = self.table.load()
        for record in records.values():
            if is_alive(record):
                send_signal(record, signal.SIGTERM)
        for name, record in records.items():
            terminate(record, timeout=timeout)
            self.table.remove(name)

    async def wait_for_brokers(self, wanted: set[int], ready_timeout: float) -> None:
        """Until the brokers in the metadata are ``wanted``, failing fast if a JVM dies."""
        running = {f"kafka-{node_id}" for node_id in wanted}
        try:
            async with asyncio.timeout(ready_timeout):
                while await _brokers(self.bootstrap) != wanted:
                    for record in self.table.load().values():
                        if record.name in running and not is_alive(record):
                            raise DevStackError(
                                f"{record.name} exited: see {record.log}\n{tail(record.log)}"
                            )
                    await asyncio.sleep(0.5)
        except TimeoutError:
            raise DevStackError(
                f"the Kafka brokers were not {sorted(wanted)} within {ready_timeout:.0f} s: "
                f"see the logs in {self.home}"
            ) from None

    def _every_node(self) -> set[int]:
        return {node.node_id for node in self.nodes}

    def _record(self, node_id: int) -> ProcessRecord:
        record = self.table.get(f"kafka-{node_id}")
        if record is None:
            raise DevStackError(f"kafka-{node_id} was never started from {self.home}")
        return record

    def _folder(self, node: KafkaNode) -> Path:
        return self.home / f"node-{node.node_id}"

    def _java(self, main: str, *args: str) -> list[str]:
        jars = ensure_kafka_jars(self._deploy / "pom.xml", self._cache_root)
        config = self._deploy / "log4j2.properties"
        return kafka.java_command(require_java(), jars, config, main, *args)

    def _format_all(self) -> None:
        cluster_id = kafka.new_cluster_id()
        for node in self.nodes:
            folder = self._folder(node)
            (folder / "data").mkdir(parents=True, exist_ok=True)
            properties = folder / "server.properties"
            settings = kafka.node_settings(node, self.nodes, folder / "data")
            properties.write_text(kafka.render_properties(settings))
            tool_args = ("format", "-t", cluster_id, "-c", str(properties))
            command = self._java("kafka.tools.StorageTool", *tool_args)
            kafka.format_storage(command, folder / "kafka.log")

    def _launch(self, node: KafkaNode) -> None:
        folder = self._folder(node)
        command = self._java("kafka.Kafka", str(folder / "server.properties"))
        log = folder / "kafka.log"
        pid = spawn(command, log, os.environ, self._repo_root)
        name, url = f"kafka-{node.node_id}", f"{HOST}:{node.port}"
        self.table.put(ProcessRecord.capture(name, pid, command, log, port=node.port, url=url))


async def _brokers(bootstrap: str) -> set[int]:
    """Node ids of the brokers in the metadata; none while no broker answers."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    # Refused connections are expected while JVMs boot or after a kill; aiokafka logs each one.
    quiet = _AIOKAFKA_LOG.level
    _AIOKAFKA_LOG.setLevel(logging.CRITICAL)
    try:
        await admin.start()
        return {broker["node_id"] for broker in (await admin.describe_cluster())["brokers"]}
    except KafkaError:
        return set()
    finally:
        _AIOKAFKA_LOG.setLevel(quiet)
        await admin.close()
