"""GET /audit over HTTP with real tokens against the real database (the apps without their
consumers and jobs): mounted in every service for admins only, filtered, paged without skipping
or repeating an entry, and a manager's retry of a dead notification is found there under the
manager's name."""

import importlib
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from services.notifications.adapters.tables import audit_log
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.auth.access import Role
from tests.integration.test_notifications_api import add_notifications

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


def service_app(infra, tokens, service: str):
    bootstrap = importlib.import_module(f"services.{service}.bootstrap")
    settings = importlib.import_module(f"services.{service}.settings").Settings
    return bootstrap.create_app(
        settings(database_url=infra.database_urls[service], auth=tokens.settings)
    )


@pytest.fixture
async def notifications(infra, tokens):
    app = service_app(infra, tokens, "notifications")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://notifications",
        headers=tokens.headers(Role.admin, subject="admin-dewi"),
    ) as client:
        yield client, app.state.runtime.engine
    await app.state.runtime.engine.dispose()


@pytest.mark.parametrize("service", ["tenancy", "booking", "notifications"])
async def test_every_service_answers_the_audit_query_to_admins_only(infra, tokens, service):
    app = service_app(infra, tokens, service)
    params = {"actor": f"nobody-{uuid.uuid4()}"}
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"http://{service}"
        ) as client:
            answers = {
                role: await client.get("/audit", params=params, headers=tokens.headers(role))
                for role in (Role.admin, Role.manager, Role.integrator)
            }
    finally:
        await app.state.runtime.engine.dispose()
    assert answers[Role.admin].json() == {"items": [], "next_cursor": None}
    assert [answers[r].status_code for r in (Role.manager, Role.integrator)] == [403, 403]
    assert answers[Role.manager].headers["content-type"] == PROBLEM


async def test_a_managers_retry_of_a_dead_notification_is_in_the_audit_log(notifications, tokens):
    client, engine = notifications
    (dead_id,) = await add_notifications(engine, uuid.uuid4(), 1, dead=1)

    manager = tokens.headers(Role.manager, subject="manager-budi")
    retried = await client.post(f"/notifications/{dead_id}/retry", headers=manager)
    assert retried.status_code == 200

    found = (await client.get("/audit", params={"target_id": str(dead_id)})).json()["items"]
    assert [(e["actor"], e["action"], e["target_type"]) for e in found] == [
        ("manager-budi", "notification.retry", "notification")
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
