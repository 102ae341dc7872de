"""Browsers may call a service from the origins CORS_ALLOWED_ORIGINS lists, and from no other;
with the setting empty (the default) no CORS header is ever sent. Each service's real app."""

import httpx
import pytest
from pydantic import ValidationError

from services.booking.settings import Settings
from tests.service_apps import SERVICES, service_app

PORTAL = "https://portal.bitc.example"
STRANGER = "https://evil.example"


def client_of(service: str, origins: list[str]) -> httpx.AsyncClient:
    app = service_app(service, cors_allowed_origins=origins)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api")


def preflight(origin: str, method: str = "POST", headers: str = "authorization") -> dict:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }


@pytest.mark.parametrize("service", SERVICES)
async def test_a_preflight_from_an_allowed_origin_is_answered_with_what_it_may_send(service):
    async with client_of(service, [PORTAL]) as client:
        asked = "authorization, content-type, idempotency-key"
        response = await client.options("/audit", headers=preflight(PORTAL, "POST", asked))

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PORTAL
    methods = response.headers["access-control-allow-methods"].split(", ")
    assert set(methods) == {"GET", "POST", "PUT", "PATCH", "DELETE"}
    allowed_headers = response.headers["access-control-allow-headers"].lower().split(", ")
    assert {"authorization", "content-type", "idempotency-key"} <= set(allowed_headers)
    assert "access-control-allow-credentials" not in response.headers


async def test_an_answer_to_an_allowed_origin_lets_its_script_read_location_and_retry_after():
    async with client_of("tenancy", [PORTAL]) as client:
        response = await client.get("/plans", headers={"Origin": PORTAL})

    assert response.status_code == 401  # no token; the script must still see why
    assert response.headers["access-control-allow-origin"] == PORTAL
    exposed = response.headers["access-control-expose-headers"].lower().split(", ")
    assert {"location", "retry-after", "www-authenticate", "x-correlation-id"} <= set(exposed)


async def test_another_origin_gets_no_allow_origin_and_its_preflight_is_refused():
    async with client_of("booking", [PORTAL]) as client:
        refused = await client.options("/bookings", headers=preflight(STRANGER))
        answered = await client.get("/bookings", headers={"Origin": STRANGER})

    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "urn:bitc:problem:cors-preflight-refused"
    assert "access-control-allow-origin" not in refused.headers
    assert "access-control-allow-origin" not in answered.headers


async def test_a_header_not_allowed_is_refused_in_the_preflight():
    async with client_of("booking", [PORTAL]) as client:
        response = await client.options("/bookings", headers=preflight(PORTAL, "POST", "x-admin"))

    assert response.status_code == 400
    assert "headers" in response.json()["detail"]


@pytest.mark.parametrize("service", SERVICES)
async def test_with_no_origin_configured_there_is_no_cors_at_all(service):
    async with client_of(service, []) as client:
        refused = await client.options("/audit", headers=preflight(PORTAL))
        answered = await client.get("/audit", headers={"Origin": PORTAL})

    assert refused.status_code == 405
    for response in (refused, answered):
        assert not [h for h in response.headers if h.startswith("access-control-")]


def test_the_setting_reads_a_comma_separated_list_and_refuses_what_is_not_an_origin(
    monkeypatch,
):
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://x@h/d")
    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", f"{PORTAL}, http://localhost:5173")
    assert Settings().cors_allowed_origins == [PORTAL, "http://localhost:5173"]

    monkeypatch.delenv("CORS_ALLOWED_ORIGINS")
    assert Settings().cors_allowed_origins == []

    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", f"{PORTAL}/app")
    with pytest.raises(ValidationError, match="is not an origin"):
        Settings()
