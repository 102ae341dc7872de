"""The platform a benchmark run measures: Kafka, PostgreSQL and the services as real processes
on a throwaway stack (free ports, its own folder), the pipeline running as in production (the
relays publishing, notifications consuming); only the per-caller write limit is lifted, since a
load generator is one caller and would otherwise measure 429s."""

import contextlib
import shutil
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import psutil

from bitc.devstack import DevStack, throwaway_stack
from bitc.platform import RunningPlatform, start_platform
from bitc.provision import SERVICES
from shared.auth.access import Role

#: The three services under load (the console only serves pages and is not measured).
MEASURED = ("tenancy", "booking", "notifications")
#: What else spends the machine's CPU on a booking: the database, the broker, the console's
#: live pages (it reads the public topics) and the mail catcher standing in for the city's SMTP.
SUPPORTING = {"postgres": "PostgreSQL", "kafka": "Kafka", "console": "console", "mail": "mail"}
_UNTHROTTLED = {"WRITE_RATE_LIMIT_PER_MINUTE": "100000000", "WRITE_RATE_LIMIT_BURST": "10000000"}


@dataclass(frozen=True)
class BenchPlatform:
    stack: DevStack
    running: RunningPlatform

    @property
    def admin_dsn(self) -> str:
        """Superuser on the platform's database: sees every service's schema."""
        return self.running.endpoints.admin_dsn

    @property
    def kafka_bootstrap(self) -> str:
        return self.running.endpoints.kafka_bootstrap

    def url(self, service: str) -> str:
        return self.running.service_urls[service]

    def token(self, role: Role, tenant_id: str | None = None) -> str:
        """Signed with the stack's dev key, which its services trust."""
        tenant = None if tenant_id is None else uuid.UUID(tenant_id)
        return self.running.signing_key.mint([role], tenant_id=tenant, subject="bench")

    def processes(self) -> dict[str, psutil.Process]:
        """The measured services' processes, from the stack's own process table."""
        records = self.stack.table.load()
        return {name: psutil.Process(records[name].pid) for name in MEASURED}

    def supporting_processes(self) -> dict[str, psutil.Process]:
        """The rest of the platform's processes, named for the table (PostgreSQL's backends are
        counted with it: CpuReading reads a process with its children)."""
        records = self.stack.table.load()
        return {
            label: psutil.Process(records[name].pid)
            for name, label in SUPPORTING.items()
            if name in records  # a platform without a console or mail catcher has none to count
        }


@contextlib.asynccontextmanager
async def bench_platform(keep_logs: Path | None = None) -> AsyncIterator[BenchPlatform]:
    """Starts the whole platform and stops exactly what it started, data folder included;
    the processes' logs are copied to ``keep_logs`` first, to explain an error in the table."""
    with throwaway_stack("bitc-bench-") as stack:
        try:
            extra_env = {service: _UNTHROTTLED for service in SERVICES}
            yield BenchPlatform(stack, await start_platform(stack, extra_env=extra_env))
        finally:
            if keep_logs is not None:
                shutil.copytree(stack.state_dir / "logs", keep_logs, dirs_exist_ok=True)
