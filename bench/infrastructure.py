"""Kafka and PostgreSQL for a benchmark run: given endpoints, or the native launcher on free
ports in a throwaway folder (the same launcher the tests use)."""

import contextlib
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from bitc.devstack import DevStack, pick_free_ports
from bitc.platform import DEV_PASSWORDS
from bitc.provision import setup_platform


@dataclass(frozen=True)
class BenchInfra:
    stack: DevStack
    kafka_bootstrap: str
    admin_dsn: str
    database_urls: dict[str, str]


def _throwaway_state_dir() -> Path:
    state_dir = Path(tempfile.mkdtemp(prefix="bitc-bench-"))
    # The postgres user must reach its data folder inside (mkdtemp makes it 0700).
    state_dir.chmod(0o755)
    return state_dir


@contextlib.asynccontextmanager
async def bench_infra() -> AsyncIterator[BenchInfra]:
    state_dir = _throwaway_state_dir()
    stack = DevStack(state_dir, pick_free_ports())
    try:
        endpoints = await stack.start_infra(
            kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
            admin_dsn=os.environ.get("DATABASE_URL"),
        )
        urls = await setup_platform(endpoints.admin_dsn, endpoints.kafka_bootstrap, DEV_PASSWORDS)
        yield BenchInfra(stack, endpoints.kafka_bootstrap, endpoints.admin_dsn, urls)
    finally:
        stack.stop_all()
        shutil.rmtree(state_dir, ignore_errors=True)
