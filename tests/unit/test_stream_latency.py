"""A server-sent event stream (the console's GET /live) is counted as a request but never
timed: its duration is how long a page stayed open, which would swamp every latency panel."""

import httpx
from fastapi import FastAPI
from sse_starlette import EventSourceResponse

from shared.http.middleware import RequestObservability
from shared.observability.metrics import ServiceMetrics


def build_app(metrics: ServiceMetrics) -> FastAPI:
    app = FastAPI()

    @app.get("/stream")
    async def stream() -> EventSourceResponse:
        async def events():
            yield {"data": "one"}

        return EventSourceResponse(events())

    @app.get("/page")
    async def page() -> dict:
        return {}

    app.add_middleware(RequestObservability, metrics=metrics)
    return app


async def test_a_stream_is_counted_but_not_timed_and_a_page_is_both() -> None:
    metrics = ServiceMetrics()
    transport = httpx.ASGITransport(app=build_app(metrics))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert (await client.get("/stream")).text.startswith("data: one")
        assert (await client.get("/page")).status_code == 200

    def sample(name: str, route: str, **labels: str) -> float | None:
        return metrics.registry.get_sample_value(name, {"method": "GET", "route": route} | labels)

    assert sample("http_requests_total", "/stream", status="200") == 1
    assert sample("http_request_duration_seconds_count", "/stream") is None
    assert sample("http_request_duration_seconds_count", "/page") == 1
