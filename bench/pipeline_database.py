"""Where the event pipeline row runs: a database of its own on the platform's PostgreSQL, set up
as `bitc setup` sets one up, beside the platform's Kafka. The running services' relays hold the
platform database's outboxes; here none competes with the relay being measured."""

import contextlib
import uuid
from collections.abc import AsyncIterator

import asyncpg
from sqlalchemy.engine import make_url

from bench.bench_platform import BenchPlatform
from bench.infrastructure import BenchInfra
from bitc.platform import DEV_PASSWORDS
from bitc.provision import setup_platform


@contextlib.asynccontextmanager
async def pipeline_infra(platform: BenchPlatform) -> AsyncIterator[BenchInfra]:
    """Yields the infrastructure with the new database; drops the database afterwards."""
    name = f"bench_pipeline_{uuid.uuid4().hex[:8]}"
    admin = make_url(platform.admin_dsn).set(drivername="postgresql")
    conn = await asyncpg.connect(admin.render_as_string(False))
    await conn.execute(f"CREATE DATABASE {name}")
    try:
        url = admin.set(database=name).render_as_string(False)
        urls = await setup_platform(url, platform.kafka_bootstrap, DEV_PASSWORDS)
        yield BenchInfra(platform.stack, platform.kafka_bootstrap, url, urls)
    finally:
        await conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
        await conn.close()
