"""Kafka and PostgreSQL for a benchmark run: given endpoints, or the native launcher on free
ports in a throwaway folder (the same launcher the tests use)."""

import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass

from bitc.devstack import DevStack, throwaway_stack
from bitc.platform import DEV_PASSWORDS
from bitc.provision import setup_platform


@dataclass(frozen=True)
class BenchInfra:
    stack: DevStack
    kafka_bootstrap: str
    admin_dsn: str
    database_urls: dict[str, str]


@contextlib.asynccontextmanager
async def bench_infra() -> AsyncIterator[BenchInfra]:
    with throwaway_stack("bitc-bench-") as stack:
        endpoints = await stack.start_infra(
            kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
            admin_dsn=os.environ.get("DATABASE_URL"),
        )
        urls = await setup_platform(endpoints.admin_dsn, endpoints.kafka_bootstrap, DEV_PASSWORDS)
        yield BenchInfra(stack, endpoints.kafka_bootstrap, endpoints.admin_dsn, urls)
