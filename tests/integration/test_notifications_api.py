"""The notifications HTTP API over the real database (the app without its consumers and jobs)."""

import contextlib
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from contracts.notifications import Channel
from services.notifications.bootstrap import create_app
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import BackoffPolicy
from services.notifications.domain.notification import Notification, RecipientKind
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from services.notifications.settings import Settings
from shared.auth.access import Role

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


@pytest.fixture
async def api(infra, tokens):
    async with notifications_api(infra, tokens) as client_and_engine:
        yield client_and_engine


@contextlib.asynccontextmanager
async def notifications_api(infra, tokens, **settings):
    # No lifespan: the routes need only the database; nothing consumes or sends meanwhile.
    app = create_app(
        Settings(
            database_url=infra.database_urls["notifications"], auth=tokens.settings, **settings
        )
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://notifications",
        headers=tokens.headers(Role.manager),
    ) as client:
        yield client, app.state.runtime.engine
    await app.state.runtime.engine.dispose()


async def add_notifications(
    engine, tenant_id: uuid.UUID, count: int, *, dead: int = 0
) -> list[uuid.UUID]:
    """``count`` notifications sharing one created_at; the first ``dead`` of them dead."""
    now = datetime.now(UTC)
    ids = []
    async with NotificationsUnitOfWork(engine) as uow:
        for i in range(count):
            n = Notification(
                tenant_id=tenant_id,
                recipient=str(tenant_id),
                recipient_kind=RecipientKind.TENANT,
                category=Category.BOOKING_CONFIRMED,
                channel=Channel.EMAIL,
                source_event_id=str(uuid.uuid4()),
                event_time=now,
                created_at=now,
                details={"booking_id": str(uuid.uuid4())},
            )
            await uow.notifications.add(n)
            if i < dead:
                n.claim(now)
                n.mark_failed(now, "recipient refused", BackoffPolicy(), permanent=True)
                await uow.notifications.save(n)
            ids.append(n.id)
        await uow.commit()
    return ids


async def test_pages_keep_rows_that_share_a_timestamp(api):
    client, engine = api
    tenant_id = uuid.uuid4()
    ids = await add_notifications(engine, tenant_id, 5)

    seen, cursor = [], None
    while True:
        params = {"tenant_id": str(tenant_id), "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/notifications", params=params)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert sorted(seen) == sorted(str(i) for i in ids)
    assert len(seen) == len(set(seen))


async def test_filters_and_retrying_a_dead_notification(api):
    client, engine = api
    tenant_id = uuid.uuid4()
    dead_id, _ = await add_notifications(engine, tenant_id, 2, dead=1)
    base = {"tenant_id": str(tenant_id)}

    dead = (await client.get("/notifications", params=base | {"status": "dead"})).json()["items"]
    assert [n["id"] for n in dead] == [str(dead_id)]
    by_channel = await client.get("/notifications", params=base | {"channel": "sms"})
    assert by_channel.json()["items"] == []

    retried = await client.post(f"/notifications/{dead_id}/retry")
    assert retried.status_code == 200
    assert (retried.json()["status"], retried.json()["attempts"]) == ("pending", 0)
    again = await client.post(f"/notifications/{dead_id}/retry")
    assert again.status_code == 409
    assert again.headers["content-type"] == PROBLEM
    assert again.json()["type"] == "urn:bitc:problem:illegal-transition"
    missing = await client.get(f"/notifications/{uuid.uuid4()}")
    assert (missing.status_code, missing.json()["type"]) == (404, "urn:bitc:problem:not-found")
    bad = await client.get("/notifications", params={"cursor": "bm90LWEtY3Vyc29y"})
    assert bad.status_code == 400


async def test_preferences_are_kept_and_essential_messages_cannot_be_turned_off(api):
    client, _ = api
    path = f"/preferences/{uuid.uuid4()}"
    wanted = {
        "channels": {"booking_confirmed": ["whatsapp", "email"]},
        "opted_out": ["booking_reminder"],
        "quiet_hours": {"start": "22:00:00", "end": "06:00:00"},
    }

    assert (await client.get(path)).json() == {"channels": {}, "opted_out": [], "quiet_hours": None}
    assert (await client.put(path, json=wanted)).status_code == 200
    assert (await client.get(path)).json() == wanted
    refused = await client.put(path, json={"opted_out": ["booking_cancelled"]})
    assert refused.status_code == 422
    assert refused.json()["type"] == "urn:bitc:problem:invalid-preferences"
    assert (await client.delete(path)).status_code == 204
    assert (await client.get(path)).json()["opted_out"] == []


async def test_webhook_subscriptions_crud_with_idempotent_creation(api):
    client, _ = api
    body = {
        "url": "https://dashboard.cimahikota.go.id/hooks/bitc",
        "categories": ["booking_confirmed"],
    }
    key = {"Idempotency-Key": str(uuid.uuid4())}

    first = await client.post("/webhook-subscriptions", json=body, headers=key)
    again = await client.post("/webhook-subscriptions", json=body, headers=key)

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    created = first.json()
    assert len(created["secret"]) >= 32
    path = f"/webhook-subscriptions/{created['id']}"
    assert first.headers["location"] == path
    assert "secret" not in (await client.get(path)).json()
    updated = await client.put(path, json=body | {"active": False})
    assert updated.json()["active"] is False
    listed = (await client.get("/webhook-subscriptions", params={"limit": 200})).json()["items"]
    assert created["id"] in {s["id"] for s in listed}
    assert (await client.delete(path)).status_code == 204
    assert (await client.get(path)).status_code == 404
    invalid = await client.post("/webhook-subscriptions", json={"url": "not a url"})
    assert (invalid.status_code, invalid.headers["content-type"]) == (422, PROBLEM)


async def test_webhooks_into_the_citys_network_are_refused_unless_listed(infra, tokens):
    internal = [
        "http://127.0.0.1:15432/",  # the loopback: PostgreSQL of the dev stack
        "http://localhost:8001/tenants",  # a name for the loopback
        "http://10.1.2.3/hooks",  # private
        "http://169.254.169.254/latest/meta-data/",  # the cloud's metadata
        "http://[fd00::1]/hooks",  # IPv6 unique-local
        "http://[::ffff:192.168.1.1]/hooks",  # private, written as IPv6
        "http://100.64.0.1/hooks",  # shared (carrier-grade NAT)
    ]
    async with notifications_api(infra, tokens) as (client, _):
        for url in internal:
            refused = await client.post("/webhook-subscriptions", json={"url": url})
            assert (refused.status_code, refused.headers["content-type"]) == (422, PROBLEM), url
            assert refused.json()["type"] == "urn:bitc:problem:invalid-webhook-target", url
            assert "WEBHOOK_ALLOWED_PRIVATE_TARGETS" in refused.json()["detail"]
        outside = {"url": "https://dashboard.cimahikota.go.id/hooks/bitc", "active": False}
        created = await client.post("/webhook-subscriptions", json=outside)
        assert created.status_code == 201
        path = f"/webhook-subscriptions/{created.json()['id']}"
        moved_inside = await client.put(path, json=outside | {"url": "http://127.0.0.1:8002/"})
        assert moved_inside.status_code == 422
        assert (await client.get(path)).json()["url"] == outside["url"]
        assert (await client.delete(path)).status_code == 204

    listed = ["127.0.0.1", "10.0.0.0/8"]
    async with notifications_api(infra, tokens, webhook_allowed_private_targets=listed) as api:
        client, _ = api
        for url in ("http://127.0.0.1:9000/hooks", "http://10.1.2.3/hooks"):
            # Inactive: no message of other tests is copied to it meanwhile.
            body = {"url": url, "active": False}
            admitted = await client.post("/webhook-subscriptions", json=body)
            assert admitted.status_code == 201, url
            assert (await client.delete(admitted.headers["location"])).status_code == 204
        # A listed address admits URLs naming it, not names that resolve to it.
        by_name = {"url": "http://localhost:9000/", "active": False}
        assert (await client.post("/webhook-subscriptions", json=by_name)).status_code == 422


async def test_creation_time_filters_take_moments_with_their_offset_only(api):
    client, engine = api
    tenant_id = uuid.uuid4()
    [made] = await add_notifications(engine, tenant_id, 1)
    base = {"tenant_id": str(tenant_id)}

    # Without an offset the moment is ambiguous (WIB or UTC?); a number would be Unix time.
    for moment in ("2026-12-01T10:00:00", "1700000000"):
        for name in ("created_from", "created_before"):
            refused = await client.get("/notifications", params=base | {name: moment})
            assert refused.status_code == 422, (name, moment, refused.text)
            assert refused.headers["content-type"] == PROBLEM

    since = (
        await client.get(
            "/notifications", params=base | {"created_from": "2000-01-01T07:00:00+07:00"}
        )
    ).json()
    assert [n["id"] for n in since["items"]] == [str(made)]
    before = await client.get(
        "/notifications", params=base | {"created_before": "2000-01-01T00:00:00Z"}
    )
    assert before.json()["items"] == []
