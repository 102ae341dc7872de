"""What the dev stack and the tests change in the stack's Keycloak through its admin REST API:
which tenant a realm user acts for, and where the console may be sent back after sign-in.

    async with KeycloakAdmin(endpoints) as admin:
        await admin.set_tenant("rina.lead", tenant_id)
"""

from __future__ import annotations

import uuid
from typing import Any, Self

import httpx

from bitc.devstack.errors import DevStackError
from bitc.devstack.keycloak import ADMIN_USER, REALM, KeycloakEndpoints

#: The realm user attribute the `bitc_tenant_id` claim is read from (deploy/keycloak).
TENANT_ATTRIBUTE = "bitc_tenant_id"
CONSOLE_CLIENT = "bitc-console"


class KeycloakAdmin:
    def __init__(self, endpoints: KeycloakEndpoints) -> None:
        self._endpoints = endpoints
        self._http = httpx.AsyncClient(base_url=f"{endpoints.url}/admin/realms/{REALM}", timeout=10)

    async def __aenter__(self) -> Self:
        form = {
            "grant_type": "password",
            "client_id": "admin-cli",
            "username": ADMIN_USER,
            "password": self._endpoints.admin_password,
        }
        token_url = f"{self._endpoints.url}/realms/master/protocol/openid-connect/token"
        answer = _ok(await self._http.post(token_url, data=form), "signing in as its admin")
        self._http.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._http.aclose()

    async def set_tenant(self, username: str, tenant_id: uuid.UUID | str) -> None:
        """Bind a realm user to a tenant: its tokens carry ``bitc_tenant_id`` from then on."""
        user = await self._user(username)
        attributes = user.get("attributes") or {}
        attributes[TENANT_ATTRIBUTE] = [str(tenant_id)]
        # The whole representation goes back: the user profile treats a missing attribute as
        # one to remove.
        put = await self._http.put(f"/users/{user['id']}", json=user | {"attributes": attributes})
        _ok(put, f"setting {username}'s tenant")

    async def client_secret(self, client_id: str = CONSOLE_CLIENT) -> str:
        """The confidential client's secret, made by Keycloak when the realm was imported."""
        client = await self._client(client_id)
        answer = await self._http.get(f"/clients/{client['id']}/client-secret")
        return str(_ok(answer, f"reading {client_id}'s secret").json()["value"])

    async def allow_redirect_uri(self, uri: str, client_id: str = CONSOLE_CLIENT) -> None:
        """Let the client be sent back to ``uri`` too (a console or test on another port)."""
        client = await self._client(client_id)
        if uri in client["redirectUris"]:
            return
        client["redirectUris"].append(uri)
        put = await self._http.put(f"/clients/{client['id']}", json=client)
        _ok(put, f"adding a redirect URI to {client_id}")

    async def _user(self, username: str) -> dict[str, Any]:
        found = await self._http.get("/users", params={"username": username, "exact": "true"})
        users = _ok(found, f"finding user {username}").json()
        if not users:
            raise DevStackError(f"Keycloak's realm {REALM} has no user {username!r}")
        user: dict[str, Any] = users[0]
        return user

    async def _client(self, client_id: str) -> dict[str, Any]:
        found = await self._http.get("/clients", params={"clientId": client_id})
        clients = _ok(found, f"finding client {client_id}").json()
        if not clients:
            raise DevStackError(f"Keycloak's realm {REALM} has no client {client_id!r}")
        client: dict[str, Any] = clients[0]
        return client


def _ok(response: httpx.Response, doing: str) -> httpx.Response:
    if response.is_success:
        return response
    raise DevStackError(
        f"Keycloak's admin API refused {doing}: HTTP {response.status_code} {response.text[:300]}"
    )
