"""GET /audit over HTTP against the real database (the apps without their consumers and jobs):
mounted in every service, filtered, paged without skipping or repeating an entry, and a retry
of a dead notification is found there."""

import importlib
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from services.notifications.adapters.tables import audit_log
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from tests.integration.test_notifications_api import add_notifications

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


def service_app(infra, service: str):
    bootstrap = importlib.import_module(f"services.{service}.bootstrap")
    settings = importlib.import_module(f"services.{service}.settings").Settings
    return bootstrap.create_app(settings(database_url=infra.database_urls[service]))


@pytest.fixture
async def notifications(infra):
    app = service_app(infra, "notifications")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://notifications"
    ) as client:
        yield client, app.state.runtime.engine
    await app.state.runtime.engine.dispose()


@pytest.mark.parametrize("service", ["tenancy", "booking", "notifications"])
async def test_every_service_answers_the_audit_query(infra, service):
    app = service_app(infra, service)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"http://{service}"
        ) as client:
            answer = await client.get("/audit", params={"actor": f"nobody-{uuid.uuid4()}"})
    finally:
        await app.state.runtime.engine.dispose()
    assert (answer.status_code, answer.json()) == (200, {"items": [], "next_cursor": None})


async def test_retrying_a_dead_notification_is_found_in_the_audit_log(notifications):
    client, engine = notifications
    (dead_id,) = await add_notifications(engine, uuid.uuid4(), 1, dead=1)

    assert (await client.post(f"/notifications/{dead_id}/retry")).status_code == 200

    found = (await client.get("/audit", params={"target_id": str(dead_id)})).json()["items"]
    assert [(e["actor"], e["action"], e["target_type"]) for e in found] == [
        ("staff", "notification.retry", "notification")
    ]
    assert found[0]["details"]["category"] == "booking_confirmed"
    assert "recipient" not in found[0]["details"]


async def test_pages_of_one_actor_newest_first_without_gaps_or_repeats(notifications):
    client, engine = notifications
    actor = f"manager:{uuid.uuid4().hex[:8]}"
    targets = [uuid.uuid4() for _ in range(5)]
    async with NotificationsUnitOfWork(engine) as uow:
        for target in targets:
            uow.audit.record(actor, "notification.retry", target)
        await uow.commit()

    seen, cursor, pages = [], None, 0
    while True:
        params = {"actor": actor, "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/audit", params=params)).json()
        seen += [e["target_id"] for e in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(str(t) for t in targets)
    assert pages == 3


async def test_the_period_filter_and_what_a_bad_query_answers(notifications):
    client, engine = notifications
    target = uuid.uuid4()
    async with NotificationsUnitOfWork(engine) as uow:
        uow.audit.record("staff", "notification.retry", target)
        await uow.commit()
    async with engine.connect() as conn:
        at = await conn.scalar(
            audit_log.select()
            .with_only_columns(audit_log.c.occurred_at)
            .where(audit_log.c.target_id == str(target))
        )

    def query(**params: object):
        return client.get("/audit", params={"target_id": str(target)} | params)

    inside = await query(since=at.isoformat(), until=(at + timedelta(seconds=1)).isoformat())
    after = await query(since=(at + timedelta(microseconds=1)).isoformat())
    assert len(inside.json()["items"]) == 1
    assert after.json()["items"] == []

    now = datetime.now(UTC).isoformat()
    backwards = await query(since=now, until=now)
    assert (backwards.status_code, backwards.headers["content-type"]) == (422, PROBLEM)
    assert backwards.json()["type"] == "urn:bitc:problem:invalid-period"
    naive = await query(since="2026-01-01T00:00:00")
    assert naive.status_code == 422
    bad_cursor = await query(cursor="bm90LWEtY3Vyc29y")
    assert (bad_cursor.status_code, bad_cursor.json()["type"]) == (
        400,
        "urn:bitc:problem:invalid-cursor",
    )
