"""Measures what waits in a service's outbox (pending rows, the oldest one's age, parked rows)
for the relay's gauges; every relay instance measures, the standby ones too, so the gauges stay
current whichever instance Prometheus scrapes."""

import asyncio

import asyncpg

from shared.observability.metrics import ServiceMetrics

# The relay calls after every batch; counting the outbox that often would load the database.
_REFRESH_S = 1.0


class OutboxBacklog:
    def __init__(self, schema: str, metrics: ServiceMetrics) -> None:
        self._metrics = metrics
        self._refreshed_at = 0.0
        pending = "published_at IS NULL AND parked_at IS NULL"
        self._sql = (
            f"SELECT count(*) FILTER (WHERE {pending}), "
            f"coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE {pending})), 0), "
            f"count(*) FILTER (WHERE parked_at IS NOT NULL) "
            f"FROM {schema}.outbox WHERE published_at IS NULL"
        )

    async def refresh(self, conn: asyncpg.Connection) -> None:
        now = asyncio.get_running_loop().time()
        if now - self._refreshed_at < _REFRESH_S:
            return
        self._refreshed_at = now
        backlog, oldest_age, parked = await conn.fetchrow(self._sql)
        self._metrics.outbox_backlog.set(backlog)
        self._metrics.outbox_oldest_age.set(float(oldest_age))
        self._metrics.outbox_parked.set(parked)
