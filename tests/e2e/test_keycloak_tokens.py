"""The three services trust the tokens the real Keycloak issues (AUTH_ISSUER / AUTH_JWKS_URL set
to the test stack's Keycloak with the repo's realm): users sign in through the realm's login
form, staff see every tenant, a tenant's user only its own, and the realm's tokens for another
audience get 401."""

import httpx
import pytest

from bitc.devstack import DevStack
from bitc.devstack.keycloak import KeycloakEndpoints
from bitc.devstack.keycloak_admin import KeycloakAdmin
from bitc.platform import RunningPlatform
from bitc.provision import SERVICES
from services.console.adapters.sso import SingleSignOn
from tests.e2e.api_steps import register
from tests.keycloak_login import other_audience_token, sign_in

# The first test here may start Keycloak: a cold cache fetches and builds it, and its first
# start creates its database and imports the realm (minutes on a busy machine).
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

CALLBACK = "http://127.0.0.1:8004/sign-in/callback"


@pytest.fixture(scope="module")
async def trusting_keycloak(
    stack: DevStack, platform: RunningPlatform, keycloak: KeycloakEndpoints
) -> RunningPlatform:
    """The platform's services restarted to trust Keycloak too (dev tokens stay trusted)."""
    for service in SERVICES:
        previous = stack.table.get(service)
        assert previous is not None
        await stack.restart_service(service, previous.env | keycloak.service_env())
    return platform


async def _signed_in(keycloak: KeycloakEndpoints, username: str) -> dict[str, str]:
    async with KeycloakAdmin(keycloak) as admin:
        sso = SingleSignOn(keycloak.issuer, "bitc-console", await admin.client_secret())
    start = await sso.begin(CALLBACK)
    tokens = await sso.finish((await sign_in(start.url, username))["code"], start, CALLBACK)
    return {"Authorization": f"Bearer {tokens.access}"}


async def test_keycloak_users_see_what_their_roles_and_tenant_allow(
    trusting_keycloak, keycloak, api
):
    tenancy, booking, notifications = api  # as the dev admin, to set the scene
    ours = await register(tenancy, activate=True)
    theirs = await register(tenancy, activate=True)
    async with KeycloakAdmin(keycloak) as admin:
        await admin.set_tenant("rina.member", ours)
    member = await _signed_in(keycloak, "rina.member")
    manager = await _signed_in(keycloak, "dewi.manager")

    for tenant in (ours, theirs):
        assert (await tenancy.get(f"/tenants/{tenant}", headers=manager)).status_code == 200
        seen = await notifications.get(f"/preferences/{tenant}", headers=manager)
        assert seen.status_code == 200
    assert (await booking.get("/bookings", headers=manager)).status_code == 200

    assert (await tenancy.get(f"/tenants/{ours}", headers=member)).status_code == 200
    assert (await tenancy.get(f"/tenants/{theirs}", headers=member)).status_code == 404
    listed = await tenancy.get("/tenants", headers=member)
    assert [tenant["id"] for tenant in listed.json()["items"]] == [ours]
    assert (await notifications.get(f"/preferences/{ours}", headers=member)).status_code == 200
    assert (await notifications.get(f"/preferences/{theirs}", headers=member)).status_code == 404
    other = await booking.get("/bookings", params={"tenant_id": theirs}, headers=member)
    assert other.status_code == 403
    own = await booking.get("/bookings", headers=member)
    assert own.status_code == 200
    assert {item["tenant_id"] for item in own.json()["items"]} <= {ours}


async def test_a_keycloak_token_for_another_audience_is_refused_by_every_service(
    trusting_keycloak, keycloak
):
    foreign = {"Authorization": f"Bearer {await other_audience_token(keycloak)}"}
    paths = {"tenancy": "/tenants", "booking": "/bookings", "notifications": "/notifications"}
    for service, path in paths.items():
        url = trusting_keycloak.service_urls[service] + path
        async with httpx.AsyncClient(timeout=10) as http:
            refused = await http.get(url, headers=foreign)
        assert refused.status_code == 401, (service, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
