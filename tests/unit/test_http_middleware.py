"""Every HTTP answer carries a correlation id; request metrics are labelled by route template."""

import uuid

import httpx
import pytest
from fastapi import FastAPI

from shared.http.middleware import RequestObservability
from shared.http.problems import install_problem_handlers
from shared.observability.correlation import current_correlation_id
from shared.observability.metrics import ServiceMetrics


def build_app(metrics):
    app = FastAPI()

    @app.get("/items/{item_id}")
    async def item(item_id: int):
        return {"id": item_id, "correlation_id": current_correlation_id()}

    @app.get("/boom")
    async def boom():
        raise RuntimeError("unexpected")

    install_problem_handlers(app)  # as shared.runtime.app does
    app.add_middleware(RequestObservability, metrics=metrics)
    return app


@pytest.fixture
def metrics():
    return ServiceMetrics()


@pytest.fixture
async def client(metrics):
    transport = httpx.ASGITransport(app=build_app(metrics), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def requests_counted(metrics, route, status, method="GET"):
    value = metrics.registry.get_sample_value(
        "http_requests_total", {"method": method, "route": route, "status": str(status)}
    )
    return value or 0.0


async def test_an_incoming_correlation_id_is_echoed_and_used_while_handling(client):
    response = await client.get("/items/1", headers={"X-Correlation-Id": "req-abc-123"})

    assert response.status_code == 200
    assert response.headers["x-correlation-id"] == "req-abc-123"
    assert response.json()["correlation_id"] == "req-abc-123"


async def test_without_a_correlation_id_each_request_gets_a_fresh_one(client):
    first = await client.get("/items/1")
    second = await client.get("/items/1")

    generated = [response.headers["x-correlation-id"] for response in (first, second)]
    assert generated[0] != generated[1]
    for correlation_id in generated:
        uuid.UUID(correlation_id)
    assert first.json()["correlation_id"] == generated[0]


async def test_an_overlong_correlation_id_is_cut_to_100_characters(client):
    response = await client.get("/items/1", headers={"x-correlation-id": "x" * 5000})
    assert response.headers["x-correlation-id"] == "x" * 100


async def test_error_answers_from_the_router_carry_the_correlation_id_too(client):
    response = await client.get("/nowhere", headers={"x-correlation-id": "req-404"})
    assert response.status_code == 404
    assert response.headers["x-correlation-id"] == "req-404"


async def test_the_correlation_does_not_leak_out_of_the_request(client):
    await client.get("/items/1", headers={"x-correlation-id": "req-leak"})
    assert current_correlation_id() is None


async def test_requests_are_counted_by_route_template_not_raw_path(client, metrics):
    for item_id in (1, 2, 3):
        assert (await client.get(f"/items/{item_id}")).status_code == 200

    assert requests_counted(metrics, "/items/{item_id}", 200) == 3
    assert requests_counted(metrics, "/items/1", 200) == 0
    latency_count = metrics.registry.get_sample_value(
        "http_request_duration_seconds_count", {"method": "GET", "route": "/items/{item_id}"}
    )
    assert latency_count == 3


async def test_requests_are_counted_with_their_status(client, metrics):
    await client.get("/items/not-a-number")
    await client.post("/items/1")

    assert requests_counted(metrics, "/items/{item_id}", 422) == 1
    assert requests_counted(metrics, "/items/{item_id}", 405, method="POST") == 1


async def test_unmatched_paths_share_one_label(client, metrics):
    for path in ("/wp-admin", "/.env", "/items"):
        assert (await client.get(path)).status_code == 404

    assert requests_counted(metrics, "unmatched", 404) == 3
    assert requests_counted(metrics, "/wp-admin", 404) == 0


async def test_an_unhandled_error_is_counted_as_a_500_on_its_route(client, metrics):
    response = await client.get("/boom")
    assert response.status_code == 500
    assert requests_counted(metrics, "/boom", 500) == 1


async def test_an_unhandled_error_answer_carries_the_correlation_id(client):
    response = await client.get("/boom", headers={"x-correlation-id": "req-500"})
    assert response.status_code == 500
    assert response.headers.get("x-correlation-id") == "req-500"
