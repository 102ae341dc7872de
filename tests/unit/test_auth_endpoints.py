"""What a caller without the right token gets from a real service app, before any database or
broker is touched (the app is built, not started), and that the docs match the routes."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bitc import security_table
from bitc.devstack.dev_keys import DevSigningKey
from services.booking.bootstrap import create_app
from services.booking.settings import Settings
from shared.auth.access import AuthSettings, Role
from tests.tokens import Tokens

PROBLEM = "application/problem+json"
UNREACHABLE = "postgresql+asyncpg://nobody:x@127.0.0.1:9/none"


async def client_of(auth: AuthSettings) -> httpx.AsyncClient:
    app = create_app(Settings(database_url=UNREACHABLE, auth=auth))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://booking")


@pytest.fixture
async def booking(tokens: Tokens) -> AsyncIterator[httpx.AsyncClient]:
    async with await client_of(tokens.settings) as client:
        yield client


async def test_no_token_is_401_with_a_bearer_challenge(booking):
    response = await booking.get("/bookings")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "urn:bitc:problem:unauthenticated"


async def test_a_forged_token_is_401(booking, tokens, tmp_path):
    stranger = Tokens(DevSigningKey(tmp_path).ensure())
    response = await booking.get("/bookings", headers=stranger.headers(Role.admin))
    assert response.status_code == 401


async def test_a_role_not_allowed_is_403_naming_who_is(booking, tokens):
    approve = f"/bookings/{uuid.uuid4()}/approve"
    response = await booking.post(approve, headers=tokens.headers(Role.integrator))
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["allowed_roles"] == ["admin", "manager"]


async def test_a_tenant_role_without_a_tenant_is_403(booking, tokens):
    response = await booking.get("/bookings", headers=tokens.headers(Role.tenant_member))
    assert (response.status_code, response.json()["type"]) == (403, "urn:bitc:problem:no-tenant")


async def test_a_read_all_role_beside_a_tenant_role_does_not_widen_what_it_writes(booking, tokens):
    ours, theirs = uuid.uuid4(), uuid.uuid4()
    both = tokens.key.mint([Role.tenant_member, Role.integrator], tenant_id=ours)
    body = {
        "space_id": str(uuid.uuid4()),
        "tenant_id": str(theirs),
        "starts_at": "2030-01-07T09:00:00+07:00",
        "ends_at": "2030-01-07T10:00:00+07:00",
    }
    response = await booking.post(
        "/bookings", json=body, headers={"Authorization": f"Bearer {both}"}
    )
    assert (response.status_code, response.json()["type"]) == (
        403,
        "urn:bitc:problem:forbidden-tenant",
    )


async def test_health_and_by_default_metrics_and_docs_need_no_token(booking):
    assert (await booking.get("/health/live")).status_code == 200
    assert (await booking.get("/metrics")).status_code == 200
    described = (await booking.get("/openapi.json")).json()
    assert described["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert described["paths"]["/bookings"]["post"]["security"] == [{"HTTPBearer": []}]


async def test_metrics_and_docs_can_be_restricted(tokens):
    auth = tokens.settings.model_copy(update={"protect_docs": True, "protect_metrics": True})
    async with await client_of(auth) as booking:
        assert (await booking.get("/metrics")).status_code == 401
        assert (await booking.get("/docs")).status_code == 404
        assert (await booking.get("/openapi.json")).status_code == 401
        scraper = tokens.headers(Role.integrator)
        assert (await booking.get("/metrics", headers=scraper)).status_code == 200
        assert (await booking.get("/openapi.json", headers=scraper)).json()["paths"]
        assert (await booking.get("/health/ready")).status_code != 401


#: Every route of the services' APIs that answers without a token: the public catalogue.
PUBLIC = {
    "booking GET /spaces",
    "booking GET /spaces/{space_id}",
    "booking GET /spaces/{space_id}/availability",
}


def test_every_route_but_the_operational_ones_declares_its_roles():
    for service in security_table.SERVICES:
        for method, path, guard in security_table.routes(security_table.service_app(service)):
            assert guard is not None or path in security_table.OPEN, f"{service} {method} {path}"


def test_only_the_public_catalogue_answers_without_a_token():
    public = {
        f"{service} {method} {path}"
        for service in security_table.SERVICES
        for method, path, guard in security_table.routes(security_table.service_app(service))
        if guard is not None and guard[2]
    }
    assert public == PUBLIC


async def test_the_catalogue_still_refuses_a_bad_token_and_documents_the_token_as_optional(
    booking, tokens, tmp_path
):
    stranger = Tokens(DevSigningKey(tmp_path).ensure())
    for path in ("/spaces", f"/spaces/{uuid.uuid4()}"):
        forged = await booking.get(path, headers=stranger.headers(Role.manager))
        assert forged.status_code == 401, path
        unbound = await booking.get(path, headers=tokens.headers(Role.tenant_member))
        assert unbound.json()["type"] == "urn:bitc:problem:no-tenant", path
    paths = (await booking.get("/openapi.json")).json()["paths"]
    for path in ("/spaces", "/spaces/{space_id}", "/spaces/{space_id}/availability"):
        assert paths[path]["get"]["security"] == [{"HTTPBearer": []}, {}], path
        assert "401" in paths[path]["get"]["responses"], path
    assert paths["/spaces"]["post"]["security"] == [{"HTTPBearer": []}]
    assert paths["/spaces/search"]["get"]["security"] == [{"HTTPBearer": []}]


def test_the_committed_role_table_matches_the_routes():
    doc = Path(security_table.SECURITY_DOC).read_text(encoding="utf-8")
    assert doc == security_table.with_table(doc), "run `bitc security generate`"
    assert "| booking | `POST /bookings/{booking_id}/approve` | yes | yes |  |  |  |" in doc
    assert "| booking | `GET /spaces` | yes | yes | yes | yes | yes | anyone |" in doc
