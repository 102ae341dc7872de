"""ASGI middleware for every request: correlation id in and out, RED metrics by route template,
and the problem answer to an unexpected error (here rather than in an exception handler, which
Starlette runs outside every middleware, after the correlation id is gone).

Written as plain ASGI rather than BaseHTTPMiddleware, which costs a task per request on the hot
booking path.
"""

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.http.problems import internal_error_response
from shared.observability.correlation import correlated
from shared.observability.metrics import ServiceMetrics

log = logging.getLogger(__name__)

CORRELATION_HEADER = b"x-correlation-id"
EVENT_STREAM = b"text/event-stream"


class RequestObservability:
    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self._app = app
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(CORRELATION_HEADER)
        status = 500
        response_started = False
        streamed = False
        began = time.perf_counter()
        with correlated(incoming.decode("latin-1")[:100] if incoming else None) as correlation_id:

            async def send_with_correlation(message: Message) -> None:
                nonlocal status, response_started, streamed
                if message["type"] == "http.response.start":
                    status = message["status"]
                    response_started = True
                    content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                    streamed = content_type.startswith(EVENT_STREAM)
                    message["headers"] = [
                        *message.get("headers", []),
                        (CORRELATION_HEADER, correlation_id.encode()),
                    ]
                await send(message)

            try:
                await self._app(scope, receive, send_with_correlation)
            except Exception:
                log.exception("unhandled error answering a request", extra={"path": scope["path"]})
                if response_started:
                    raise
                await internal_error_response(scope["path"])(scope, receive, send_with_correlation)
            finally:
                route = scope.get("route")
                # Unmatched paths share one label so scanners can't blow up the series count.
                template = getattr(route, "path", "unmatched")
                method = scope["method"]
                self._metrics.http_requests.labels(method, template, str(status)).inc()
                # A server-sent event stream lasts as long as its page stays open: that is
                # no answer time, and would drown the latency of every other route.
                if not streamed:
                    self._metrics.http_latency.labels(method, template).observe(
                        time.perf_counter() - began
                    )
