"""DevStack: the native stack of one state folder (Kafka, PostgreSQL, the three services, a
mail catcher and Keycloak).

Async, because they wait on the network: start_infra, start_mail_catcher, start_keycloak,
start_service, restart_service.
Sync, bounded by deadlines: stop_service, stop_all, status, show_log.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Mapping
from pathlib import Path

from bitc.devstack import infra, keycloak, mail_catcher, services
from bitc.devstack.errors import DevStackError
from bitc.devstack.infra import Endpoints
from bitc.devstack.jars import default_cache_root
from bitc.devstack.kafka_access import DevKafkaAccess
from bitc.devstack.keycloak import KeycloakEndpoints
from bitc.devstack.logs import show
from bitc.devstack.ports import Ports
from bitc.devstack.processes import ProcessRecord, is_alive, send_signal, terminate
from bitc.devstack.records import ProcessStatus, ProcessTable
from bitc.devstack.state_folder import REPO_ROOT, state_folder

INFRA = ("kafka", "postgres")  # stopped last, in this order


class DevStack:
    """Processes started from one state folder (default <repo>/.local/dev); data survives
    stop_all + start_infra. Ports default to those saved by the last start, else Ports().
    The broker it starts requires SASL and ACLs (bitc/devstack/kafka_access.py) unless
    `secured_kafka` is false (the test suite's throwaway stacks, for speed)."""

    def __init__(
        self,
        state_dir: Path | None = None,
        ports: Ports | None = None,
        *,
        repo_root: Path = REPO_ROOT,
        cache_root: Path | None = None,
        secured_kafka: bool = True,
    ) -> None:
        self.repo_root = repo_root
        self.state_dir = state_folder(state_dir, repo_root)
        self.ports = ports or Ports.load(self.state_dir / "ports.json") or Ports()
        self.cache_root = cache_root or default_cache_root()
        self.table = ProcessTable(self.state_dir / "pids.json")
        self.kafka_access = DevKafkaAccess(self.state_dir) if secured_kafka else None

    def log_path(self, name: str) -> Path:
        return self.state_dir / "logs" / f"{name}.log"

    @property
    def mail_dir(self) -> Path:
        """The Maildir where the mail catcher keeps what it caught."""
        return mail_catcher.mail_dir(self.state_dir)

    async def start_infra(
        self,
        *,
        kafka_bootstrap: str | None = None,
        admin_dsn: str | None = None,
        ready_timeout: float = 90,
    ) -> Endpoints:
        """Start Kafka and PostgreSQL (or reuse running ones) and wait until both answer.

        A given endpoint is returned as it is and that piece is not started. A cold first start
        also fetches the Kafka jars, which `ready_timeout` does not cover.
        """
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.ports.save(self.state_dir / "ports.json")
        where = (self.state_dir, self.ports, self.table)

        async def kafka() -> str:
            return kafka_bootstrap or await infra.start_kafka(
                *where, self.repo_root, self.cache_root, ready_timeout, self.kafka_access
            )

        async def postgres() -> str:
            return admin_dsn or await infra.start_postgres(*where, ready_timeout)

        results = await asyncio.gather(kafka(), postgres(), return_exceptions=True)
        # Both run to the end, so a failure of one never leaves the other half-started.
        for result in results:
            if isinstance(result, BaseException):
                raise result
        access = None if kafka_bootstrap else self.kafka_access
        return Endpoints(str(results[0]), str(results[1]), access)

    async def start_mail_catcher(self, *, ready_timeout: float = 30) -> ProcessRecord:
        """Start the SMTP mail catcher on ``ports.mail`` (or keep the running one)."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        record = mail_catcher.launch_mail_catcher(
            self.state_dir, self.ports, self.table, self.repo_root
        )
        await mail_catcher.wait_until_ready(record, self.ports.mail, ready_timeout)
        return record

    async def start_keycloak(self, *, ready_timeout: float = 480) -> KeycloakEndpoints:
        """Start Keycloak on ``ports.keycloak`` with the repo's realm (or keep the running one)
        and wait until it is ready. A state folder's first start creates Keycloak's database
        and imports the realm: under a minute on an idle machine, several on a busy one. A cold
        cache also fetches and builds the distribution, which `ready_timeout` does not cover."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.ports.save(self.state_dir / "ports.json")
        record = await asyncio.to_thread(
            keycloak.launch_keycloak,
            self.state_dir,
            self.ports,
            self.table,
            self.repo_root,
            self.cache_root,
        )
        await keycloak.wait_until_ready(record, self.ports, ready_timeout)
        return keycloak.keycloak_endpoints(self.state_dir, self.ports)

    async def start_service(
        self, name: str, env: Mapping[str, str], *, ready_timeout: float = 60
    ) -> ProcessRecord:
        """Start services.<name> with `env` over this environment; wait for /health/ready.

        A service that is already running is left as it is, with its old env.
        """
        running = self.table.get(name)
        if running is not None and is_alive(running):
            return running
        port = self.ports.service(name)
        record = services.launch_service(name, port, env, self.repo_root, self.log_path(name))
        self.table.put(record)
        await services.wait_until_ready(record, ready_timeout)
        return record

    async def restart_service(
        self,
        name: str,
        env: Mapping[str, str] | None = None,
        *,
        sig: signal.Signals = signal.SIGTERM,
        ready_timeout: float = 60,
    ) -> ProcessRecord:
        """Stop `name` with `sig` if it runs, then start it with `env`, default its last env."""
        previous = self.table.get(name)
        if env is None:
            if previous is None:
                raise DevStackError(f"{name} never ran from {self.state_dir}: pass its env")
            env = previous.env
        self.stop_service(name, sig)
        return await self.start_service(name, env, ready_timeout=ready_timeout)

    def stop_service(
        self, name: str, sig: signal.Signals | None = None, timeout: float = 30
    ) -> None:
        """Stop one recorded process (a service, "kafka" or "postgres") with `sig`, default its
        graceful signal, then SIGKILL after `timeout` s. The record stays, for restart_service;
        start_infra brings a stopped kafka or postgres back."""
        record = self.table.get(name)
        if record is not None:
            terminate(record, sig, timeout)

    def send_signal(self, name: str, sig: signal.Signals) -> None:
        """Signal a running recorded process and return at once. SIGSTOP freezes it the way a
        hung peer looks to its clients (connections open, no answers); SIGCONT lets it go on."""
        record = self.table.get(name)
        if record is None or not is_alive(record):
            raise DevStackError(f"{name} is not running from {self.state_dir}")
        send_signal(record, sig)

    def stop_all(self, timeout: float = 30) -> None:
        """Stop every recorded process, services first, and forget them; data stays."""
        records = self.table.load()
        order = [n for n in records if n not in INFRA] + [n for n in INFRA if n in records]
        for name in order:
            terminate(records[name], timeout=timeout)
            self.table.remove(name)

    def status(self) -> list[ProcessStatus]:
        """Every recorded process; `running` also checks it is the same process (start time)."""
        return [
            ProcessStatus(r.name, r.pid, is_alive(r), r.port, r.url, r.log)
            for r in self.table.load().values()
        ]

    def show_log(self, name: str, follow: bool = False, lines: int = 50) -> None:
        """Print the end of `name`'s log; with `follow` keep printing until Ctrl-C."""
        show(self.log_path(name), lines, follow)
