"""The PostgreSQL server of a PgCluster: initdb once, start with pg_ctl, create the database.

As root, every tool runs as the `postgres` user through the prefix from prereqs.pg_run_prefix.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path

import asyncpg

from bitc.devstack.errors import DevStackError
from bitc.devstack.logs import tail
from bitc.devstack.pg_cluster import SUPERUSER, PgCluster
from bitc.devstack.ports import HOST
from bitc.devstack.prereqs import PG_USER


def init_cluster(cluster: PgCluster, pg_bin: Path, prefix: list[str], log: Path) -> None:
    """initdb unless the data folder already holds a cluster."""
    if (cluster.data / "PG_VERSION").exists():
        return
    # The password file must be readable by the postgres user, so it sits in its folder.
    pwfile = cluster.root / "initdb.pw"
    pwfile.write_text(cluster.password)
    pwfile.chmod(0o600)
    if prefix:
        shutil.chown(pwfile, PG_USER, PG_USER)
    command = [
        *prefix,
        str(pg_bin / "initdb"),
        f"--pgdata={cluster.data}",
        f"--username={SUPERUSER}",
        f"--pwfile={pwfile}",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
    ]
    try:
        _run(command, log, "initdb")
    finally:
        pwfile.unlink()


def start_cluster(
    cluster: PgCluster, pg_bin: Path, prefix: list[str], port: int, log: Path
) -> tuple[int, list[str]]:
    """Start the server and return (postmaster pid, command); pg_ctl -w waits for readiness.

    Unix sockets are off: all clients use TCP on 127.0.0.1, and socket paths under a deep
    state folder could exceed the 107-byte limit.
    """
    options = f"-p {port} -c listen_addresses={HOST} -c unix_socket_directories=''"
    data = str(cluster.data)
    command = [
        *prefix,
        str(pg_bin / "pg_ctl"),
        "-D",
        data,
        "-w",
        "-t",
        "60",
        "-o",
        options,
        "start",
    ]
    _run(command, log, "pg_ctl start")
    pid = int((cluster.data / "postmaster.pid").read_text().split()[0])
    return pid, command


def _run(command: list[str], log: Path, what: str) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        # The server inherits this log as stdout/stderr: the file is opened here, by us, so
        # the postgres user needs no rights on the state folder.
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    if done.returncode != 0:
        raise DevStackError(f"{what} failed (exit {done.returncode}): see {log}\n{tail(log)}")


async def wait_and_create_database(admin_dsn: str, database: str, ready_timeout: float) -> None:
    """Wait until the server accepts the superuser, then CREATE DATABASE `database` if missing."""
    try:
        async with asyncio.timeout(ready_timeout):
            conn = await _connect(admin_dsn)
    except TimeoutError:
        raise DevStackError(
            f"PostgreSQL did not accept connections within {ready_timeout:.0f} s"
        ) from None
    except asyncpg.PostgresError as exc:
        raise DevStackError(
            f"PostgreSQL refused the superuser ({exc}): another server may own the port, or "
            "postgres.json in the state folder no longer matches the cluster"
        ) from None
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
            await conn.execute(f'CREATE DATABASE "{database}"')
    finally:
        await conn.close()


async def _connect(dsn: str) -> asyncpg.Connection:
    while True:
        try:
            return await asyncpg.connect(dsn)
        except (OSError, asyncpg.CannotConnectNowError):
            await asyncio.sleep(0.3)
