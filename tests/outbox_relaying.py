"""An outbox relay running inside a test, against the real database and broker, and the
engine of a service's schema: what integration tests need to see events reach Kafka."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncEngine

from shared.messaging.outbox_relay import OutboxRelay, RelayConfig
from shared.observability.metrics import ServiceMetrics
from shared.persistence.db import create_engine


@contextlib.asynccontextmanager
async def running_relay(
    infra,
    metrics: ServiceMetrics | None = None,
    service: str = "tenancy",
    kafka_bootstrap: str | None = None,
    poll_interval_s: float = 0.2,
) -> AsyncIterator[OutboxRelay]:
    """``kafka_bootstrap``: another broker address than the suite's (e.g. one nobody serves);
    ``poll_interval_s``: how long the relay waits for a NOTIFY before it looks anyway."""
    relay = OutboxRelay(
        RelayConfig(
            database_url=infra.database_urls[service],
            schema=service,
            bootstrap_servers=kafka_bootstrap or infra.kafka_bootstrap,
            client_id=f"test-relay-{uuid.uuid4()}",
            poll_interval_s=poll_interval_s,
        ),
        metrics or ServiceMetrics(),
    )
    task = asyncio.create_task(relay.run())
    try:
        yield relay
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@contextlib.asynccontextmanager
async def service_engine(infra, service: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(infra.database_urls[service], pool_size=5)
    try:
        yield engine
    finally:
        await engine.dispose()
