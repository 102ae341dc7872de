"""Hostile requests against the running services: floods of writes, oversized and chunked
bodies, unknown members. Each is refused with a problem document, never a 5xx."""

import httpx
import pytest

from shared.auth.access import Role
from shared.http.problems import PROBLEM_CONTENT_TYPE

pytestmark = pytest.mark.e2e

MINUTE_LIMIT = 5


@pytest.fixture
async def throttled_tenancy(platform, stack, tokens):
    """Tenancy restarted with a low write limit, and put back as it was afterwards."""
    usual = dict(stack.table.get("tenancy").env)
    low = usual | {"WRITE_RATE_LIMIT_PER_MINUTE": str(MINUTE_LIMIT)}
    await stack.restart_service("tenancy", low)
    try:
        url = platform.service_urls["tenancy"]
        staff = tokens.headers(Role.manager, subject="staff:flooding-script")
        async with httpx.AsyncClient(base_url=url, headers=staff) as client:
            yield client
    finally:
        await stack.restart_service("tenancy", usual)


async def test_a_client_writing_too_fast_is_told_when_to_come_back(throttled_tenancy):
    # Invalid bodies are answered cheaply, but still count: a flood is a flood.
    answers = [await throttled_tenancy.post("/tenants", json={}) for _ in range(MINUTE_LIMIT)]
    assert {a.status_code for a in answers} == {422}
    refused = await throttled_tenancy.post("/tenants", json={})
    assert refused.status_code == 429
    assert refused.headers["content-type"] == PROBLEM_CONTENT_TYPE
    assert refused.json()["type"] == "urn:bitc:problem:too-many-requests"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert (await throttled_tenancy.get("/plans")).status_code == 200, "reading goes on"


async def test_an_oversized_body_is_refused_with_413(api):
    tenancy, booking, notifications = api
    huge = {"kind": "startup", "display_name": "x" * 300_000}
    for service in (tenancy, booking, notifications):
        response = await service.post("/tenants", json=huge)
        assert response.status_code == 413, f"{service.base_url}: {response.text[:200]}"
        assert response.json()["type"] == "urn:bitc:problem:request-too-large"


async def test_a_chunked_body_without_length_is_refused_past_the_limit(api):
    tenancy, _, _ = api

    async def chunks():
        for _ in range(75):  # 300 KiB of JSON whitespace: valid all the way, just too much
            yield b" " * 4096

    response = await tenancy.post(
        "/tenants", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


async def test_an_unknown_member_is_refused_by_name(api):
    _, booking, _ = api
    response = await booking.post("/bookings", json={"space_id": "x", "discount": 100})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    unknown = [e for e in response.json()["errors"] if e["kind"] == "extra_forbidden"]
    assert [e["location"] for e in unknown] == [["body", "discount"]]
