"""The in-process hub of live pages: the console's live feed (entrypoints/events.py) hands it
every public event, and it passes each on to the open streams (GET /live) whose person may hear
of it (domain/live_events.py).

A stream that falls behind loses its oldest events rather than holding the feed back: a page
that missed one is put right by the next event it hears of, or by a reload.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from services.console.adapters.live_metrics import LiveMetrics
from services.console.domain.live_events import LiveEvent
from shared.auth.principal import Principal
from shared.messaging.envelope import Envelope
from shared.messaging.events import DomainEvent

#: Events a stream may hold while its browser is slow to read them.
STREAM_BUFFER = 100


class LiveStream:
    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self._events: asyncio.Queue[LiveEvent] = asyncio.Queue(STREAM_BUFFER)

    def offer(self, event: LiveEvent) -> None:
        if not event.visible_to(self.principal):
            return
        if self._events.full():
            self._events.get_nowait()
        self._events.put_nowait(event)

    async def next(self) -> LiveEvent:
        return await self._events.get()


class LiveHub:
    def __init__(self, metrics: LiveMetrics) -> None:
        self._streams: set[LiveStream] = set()
        self.metrics = metrics

    @contextlib.asynccontextmanager
    async def stream_for(self, principal: Principal) -> AsyncIterator[LiveStream]:
        stream = LiveStream(principal)
        self._streams.add(stream)
        self.metrics.open_streams.inc()
        try:
            yield stream
        finally:
            self._streams.discard(stream)
            self.metrics.open_streams.dec()

    def publish(self, event: LiveEvent) -> None:
        for stream in list(self._streams):
            stream.offer(event)

    async def on_event(self, event: DomainEvent, envelope: Envelope, uow: Any) -> None:
        """The live feed's handler for every event it reads (it gets no unit of work)."""
        self.publish(LiveEvent.of(event))
