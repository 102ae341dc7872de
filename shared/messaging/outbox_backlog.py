"""Measures what waits in a service's outbox (pending rows, the oldest one's age, parked rows)
for the relay's gauges; every relay instance measures, the standby ones too, so the gauges stay
current whichever instance Prometheus scrapes."""

import asyncio

import asyncpg

from shared.messaging.outbox_store import RelayOutbox
from shared.observability.metrics import ServiceMetrics

# The relay calls after every batch; counting the outbox that often would load the database.
_REFRESH_S = 1.0


class OutboxBacklog:
    def __init__(self, outbox: RelayOutbox, metrics: ServiceMetrics) -> None:
        self._outbox = outbox
        self._metrics = metrics
        self._refreshed_at = 0.0

    async def refresh(self, conn: asyncpg.Connection) -> None:
        now = asyncio.get_running_loop().time()
        if now - self._refreshed_at < _REFRESH_S:
            return
        self._refreshed_at = now
        figures = await self._outbox.figures(conn)
        self._metrics.outbox_backlog.set(figures.pending)
        self._metrics.outbox_oldest_age.set(figures.oldest_pending_age_s)
        self._metrics.outbox_parked.set(figures.parked)
