"""GET /live: the server-sent events that keep open pages current (docs/console.md, "Live
pages"). Signed-in people only; each hears of the events its session may see, as the type, the
aggregate id and the tenant id, nothing more (domain/live_events.py).

A stream ends with the session, or after ``CONSOLE_LIVE_STREAM_S`` at the latest; the browser
then opens a new one with its cookie, so a session ended meanwhile gets no further events.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from services.console.domain.session import ConsoleSession
from services.console.entrypoints.http.pages import page_router
from services.console.entrypoints.http.viewer import Viewer, require
from services.console.service_layer.live_hub import LiveHub

router = page_router()

#: A comment this often keeps proxies from closing a quiet stream.
PING_S = 15
#: How long a browser waits before opening a new stream once one ended.
RECONNECT_MS = 2000


@router.get("/live")
async def live(
    request: Request, viewer: Annotated[Viewer, Depends(require())]
) -> EventSourceResponse:
    assert viewer.session is not None  # require() lets only signed-in people through
    longest = timedelta(seconds=request.app.state.settings.console_live_stream_s)
    ends = min(viewer.session.expires_at, datetime.now(UTC) + longest)
    events = _events(request.app.state.live_hub, viewer.session, ends)
    return EventSourceResponse(
        events, ping=PING_S, headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )


async def _events(
    hub: LiveHub, session: ConsoleSession, ends: datetime
) -> AsyncIterator[ServerSentEvent]:
    async with hub.stream_for(session.principal) as stream:
        # Says the stream is listening: what happens from now on reaches this page.
        yield ServerSentEvent(event="ready", data="", retry=RECONNECT_MS)
        while (left := (ends - datetime.now(UTC)).total_seconds()) > 0:
            try:
                async with asyncio.timeout(left):
                    event = await stream.next()
            except TimeoutError:
                return
            yield ServerSentEvent(data=json.dumps(event.message()))
