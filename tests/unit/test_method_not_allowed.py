"""A 405 names every method the path answers (RFC 9110 §15.5.6), for every path of every
service. The expectation comes from each service's own OpenAPI document, so a new route or
method is covered without editing this test."""

import re

import httpx
import pytest

from tests.service_apps import SERVICES, service_app

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
UNTHROTTLED = {"write_rate_limit_per_minute": 1_000_000, "write_rate_limit_burst": 1_000_000}
#: Stands in for every path parameter; no literal segment of any route looks like it.
PARAMETER = "x-1"


def template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]+\}", template)
    return re.compile("[^/]+".join(re.escape(part) for part in parts) + "$")


def documented_methods(document: dict, path: str) -> set[str]:
    """Every method the document gives any path template that ``path`` fits (``/spaces/search``
    also fits ``/spaces/{space_id}``)."""
    return {
        method.upper()
        for template, operations in document["paths"].items()
        if template_pattern(template).match(path)
        for method in operations
    }


@pytest.mark.parametrize("service", SERVICES)
async def test_every_405_allows_exactly_the_documented_methods_of_its_path(service):
    app = service_app(service, **UNTHROTTLED)
    document = app.openapi()
    transport = httpx.ASGITransport(app=app)
    wrong = []
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        for template in document["paths"]:
            path = re.sub(r"\{[^}]+\}", PARAMETER, template)
            expected = documented_methods(document, path)
            for method in sorted(set(METHODS) - expected):
                response = await client.request(method, path)
                allowed = set(response.headers.get("allow", "").split(", "))
                if (response.status_code, allowed) != (405, expected):
                    wrong.append(f"{method} {path}: {response.status_code} Allow {allowed}")
    assert not wrong, "\n".join(wrong)


async def test_plans_and_bookings_list_both_get_and_post():
    for service, path in (("tenancy", "/plans"), ("booking", "/bookings")):
        transport = httpx.ASGITransport(app=service_app(service))
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
            for method in ("OPTIONS", "PUT"):
                response = await client.request(method, path)
                assert response.status_code == 405
                assert response.headers["allow"] == "GET, POST"
                assert response.json()["type"] == "urn:bitc:problem:method-not-allowed"
