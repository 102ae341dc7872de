"""Readiness checks what every write needs (PostgreSQL), not Kafka: a broker outage only delays
events in the outbox, so the pods must stay in their Service (docs/operations.md, "Health
checks"). The real database; a Kafka address nobody serves."""

import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest

from bitc.devstack.ports import free_ports
from tests.service_apps import SERVICES, service_app

pytestmark = pytest.mark.integration


@contextlib.asynccontextmanager
async def client(service: str, **settings: str) -> AsyncIterator[httpx.AsyncClient]:
    app = service_app(service, **settings)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as http:
            yield http
    finally:
        await app.state.runtime.engine.dispose()


@pytest.mark.parametrize("service", SERVICES)
async def test_a_service_whose_kafka_is_unreachable_stays_ready_and_says_so(infra, service):
    [nobody_listens] = free_ports(1)
    settings = {
        "database_url": infra.database_urls[service],
        "kafka_bootstrap_servers": f"127.0.0.1:{nobody_listens}",
    }
    async with client(service, **settings) as http:
        answer = await http.get("/health/ready")

    assert answer.status_code == 200
    assert answer.json()["status"] == "degraded"
    assert answer.json()["checks"]["database"] == "ok"
    assert answer.json()["checks"]["kafka"].startswith("failed")


async def test_a_service_whose_database_is_unreachable_is_not_ready(infra):
    [nobody_listens] = free_ports(1)
    settings = {
        "database_url": f"postgresql+asyncpg://booking:x@127.0.0.1:{nobody_listens}/bitc",
        "kafka_bootstrap_servers": infra.kafka_bootstrap,
    }
    async with client("booking", **settings) as http:
        answer = await http.get("/health/ready")
        alive = await http.get("/health/live")

    assert answer.status_code == 503
    assert answer.json()["status"] == "unavailable"
    assert answer.json()["checks"]["database"].startswith("failed")
    assert alive.status_code == 200
