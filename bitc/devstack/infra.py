"""Starting Kafka and PostgreSQL for a state folder and waiting until they answer.

Each launcher reuses a process that its record shows is still running, so `up` is idempotent,
and otherwise checks prerequisites and ports before it changes anything on disk. The blocking
parts (mvn, initdb, pg_ctl) run in threads, so both start at once.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from bitc.devstack import kafka, pg_cluster, postgres
from bitc.devstack.errors import DevStackError
from bitc.devstack.jars import ensure_kafka_jars
from bitc.devstack.kafka_access import DevKafkaAccess
from bitc.devstack.kafka_tools import ensure_tool_jars, write_tool_wrappers
from bitc.devstack.ports import HOST, Ports, ensure_port_free
from bitc.devstack.prereqs import find_pg_bin, pg_run_prefix, require_java
from bitc.devstack.processes import ProcessRecord, is_alive, spawn
from bitc.devstack.records import ProcessTable
from bitc.kafka_principals import ADMIN
from shared.messaging.kafka_clients import PLAINTEXT

DATABASE = "bitc"


@dataclass(frozen=True)
class Endpoints:
    kafka_bootstrap: str
    admin_dsn: str  # superuser; on the `bitc` database when this stack runs PostgreSQL
    # How to reach a secured broker of ours; None for a PLAINTEXT one, or one given from outside.
    kafka_access: DevKafkaAccess | None = None


def launch_kafka(
    state_dir: Path,
    ports: Ports,
    table: ProcessTable,
    repo_root: Path,
    cache_root: Path,
    access: DevKafkaAccess | None = None,
) -> ProcessRecord:
    """Start the broker (formatting its storage on first use); does not wait for readiness.
    With `access`, the broker is secured (bitc/devstack/kafka_access.py)."""
    running = table.get("kafka")
    if running is not None and is_alive(running):
        return running
    if access is not None:
        _refuse_storage_without_admin(access, state_dir / "kafka" / "data")
    java = require_java()
    ensure_port_free(ports.kafka, "Kafka")
    ensure_port_free(ports.kafka_controller, "the Kafka controller")
    deploy = repo_root / "deploy" / "kafka"
    jars = ensure_kafka_jars(deploy / "pom.xml", cache_root)
    home, log = state_dir / "kafka", state_dir / "logs" / "kafka.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    (home / "data").mkdir(parents=True, exist_ok=True)
    admin_password, format_extra = "", ()
    if access is not None:
        admin_password = _secure(access, deploy / "pom.xml", jars, cache_root)
        format_extra = kafka.admin_scram_argument(admin_password)
    properties = home / "server.properties"
    properties.touch(mode=0o600)  # it holds the admin's password when secured
    properties.write_text(kafka.render_server_properties(ports, home / "data", admin_password))
    # The id outlives the data folder, so wiping data/ re-formats as the same cluster.
    id_file = home / "cluster-id"
    if not id_file.exists():
        id_file.write_text(kafka.new_cluster_id())

    def java_cmd(main: str, *args: str) -> list[str]:
        return kafka.java_command(java, jars, deploy / "log4j2.properties", main, *args)

    if not (home / "data" / "meta.properties").exists():
        cluster_id = id_file.read_text().strip()
        tool_args = ("format", "-t", cluster_id, "-c", str(properties), *format_extra)
        kafka.format_storage(java_cmd("kafka.tools.StorageTool", *tool_args), log)
    command = java_cmd("kafka.Kafka", str(properties))
    pid = spawn(command, log, os.environ, repo_root)
    url = f"{HOST}:{ports.kafka}"
    record = ProcessRecord.capture("kafka", pid, command, log, port=ports.kafka, url=url)
    table.put(record)
    return record


def _refuse_storage_without_admin(access: DevKafkaAccess, data: Path) -> None:
    if (data / "meta.properties").exists() and not (access.secrets / ADMIN).exists():
        raise DevStackError(
            f"the Kafka storage in {data} was made before the dev stack required SASL and has "
            "no admin user: stop the stack, remove that folder (the topics are made again; the "
            "events in them are lost) and start again, or use another --state-dir"
        )


def _secure(access: DevKafkaAccess, pom: Path, jars: Path, cache_root: Path) -> str:
    """The admin's password, and the admin tools the security scripts call."""
    write_tool_wrappers(access.bin, jars, ensure_tool_jars(pom, cache_root))
    return access.security(ADMIN).password


def launch_postgres(state_dir: Path, ports: Ports, table: ProcessTable) -> pg_cluster.PgCluster:
    """Start the cluster (initdb on first use); pg_ctl has waited for it to accept connections."""
    pg_bin, prefix = find_pg_bin(), pg_run_prefix()
    cluster = pg_cluster.locate_cluster(state_dir, prefix)
    running = table.get("postgres")
    if running is not None and is_alive(running):
        return cluster
    port, log = ports.postgres, state_dir / "logs" / "postgres.log"
    ensure_port_free(port, "PostgreSQL")
    postgres.init_cluster(cluster, pg_bin, prefix, log)
    pid, command = postgres.start_cluster(cluster, pg_bin, prefix, port, log)
    # SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to leave.
    url = f"postgresql://{pg_cluster.SUPERUSER}@{HOST}:{port}/{DATABASE}"
    record = ProcessRecord.capture(
        "postgres", pid, command, log, stop_signal="SIGINT", port=port, url=url
    )
    table.put(record)
    return cluster


async def start_kafka(
    state_dir: Path,
    ports: Ports,
    table: ProcessTable,
    repo_root: Path,
    cache_root: Path,
    ready_timeout: float,
    access: DevKafkaAccess | None = None,
) -> str:
    """Launch (or reuse) the broker and wait for it; returns the bootstrap address."""
    record = await asyncio.to_thread(
        launch_kafka, state_dir, ports, table, repo_root, cache_root, access
    )
    bootstrap = f"{HOST}:{ports.kafka}"
    admin = access.security(ADMIN) if access is not None else PLAINTEXT
    await kafka.wait_until_ready(bootstrap, record, ready_timeout, admin)
    return bootstrap


async def start_postgres(
    state_dir: Path, ports: Ports, table: ProcessTable, ready_timeout: float
) -> str:
    """Launch (or reuse) the cluster, create the `bitc` database; returns the superuser DSN."""
    cluster = await asyncio.to_thread(launch_postgres, state_dir, ports, table)
    admin = cluster.dsn(ports.postgres, "postgres")
    await postgres.wait_and_create_database(admin, DATABASE, ready_timeout)
    return cluster.dsn(ports.postgres, DATABASE)
