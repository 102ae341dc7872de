"""Webhook subscriptions over HTTP with real tokens against the real database: staff registering,
changing and removing a subscriber is in GET /audit under their name, without the signing
secret or any credential the subscriber's URL carries."""

import json
import uuid

import httpx
import pytest

from shared.auth.access import Role
from tests.integration.test_audit_api import service_app

pytestmark = pytest.mark.integration

#: Credentials in the user part, a token in the path and a key in the query: none is audited.
URL = "https://bitc-hook:Rahasia-123@hooks.example.id:8443/in/t0ken-4b1c?key=q-9f2e"
SECRETS_IN_URL = ("bitc-hook", "Rahasia-123", "t0ken-4b1c", "q-9f2e", "8443")


@pytest.fixture
async def notifications(infra, tokens):
    app = service_app(infra, tokens, "notifications")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://notifications",
        headers=tokens.headers(Role.manager, subject="manager-sari"),
    ) as client:
        yield client
    await app.state.runtime.engine.dispose()


async def audit_of(client, tokens, target: str) -> list[dict]:
    """Oldest first, as a reader follows a story."""
    admin = tokens.headers(Role.admin, subject="admin-dewi")
    answer = await client.get("/audit", params={"target_id": target}, headers=admin)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"][::-1]


async def test_a_subscribers_life_is_audited_without_its_secret_or_url_credentials(
    notifications, tokens
):
    client = notifications
    tenant = str(uuid.uuid4())
    body = {"url": URL, "categories": ["booking_confirmed"], "tenant_id": tenant}
    key = {"Idempotency-Key": str(uuid.uuid4())}

    created = await client.post("/webhook-subscriptions", json=body, headers=key)
    retried = await client.post("/webhook-subscriptions", json=body, headers=key)
    assert created.status_code == retried.status_code == 201, created.text
    sub = created.json()
    path = f"/webhook-subscriptions/{sub['id']}"
    paused = body | {"active": False, "categories": [], "description": "paused for maintenance"}
    assert (await client.put(path, json=paused)).status_code == 200
    assert (await client.delete(path)).status_code == 204

    entries = await audit_of(client, tokens, sub["id"])
    assert [(e["actor"], e["action"], e["target_type"]) for e in entries] == [
        ("manager-sari", "webhook.create", "webhook"),
        ("manager-sari", "webhook.update", "webhook"),
        ("manager-sari", "webhook.delete", "webhook"),
    ]
    create, update, delete = (e["details"] for e in entries)
    assert create == {
        "url_host": "hooks.example.id",
        "categories": ["booking_confirmed"],
        "tenant_id": tenant,
        "active": True,
    }
    assert update["changed"] == ["active", "categories", "description"]
    assert (update["active"], update["categories"]) == (False, [])
    assert delete["url_host"] == "hooks.example.id"
    stored = json.dumps(entries)
    for secret in (sub["secret"], "paused for maintenance", *SECRETS_IN_URL):
        assert secret not in stored, secret
