"""The three services as real processes over the real broker and database, driven through
their HTTP APIs the way BITC staff and tenants would."""

import json
import signal
import uuid
from datetime import datetime, timedelta

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy.engine import make_url

from contracts.topics import BOOKING_EVENTS
from tests.e2e.api_steps import (
    book_when_booking_knows_tenant,
    fresh_slot,
    notifications_of,
    register,
    space_id,
)
from tests.kafka_reading import header, read_until
from tests.polling import eventually

pytestmark = pytest.mark.e2e


async def test_activated_tenant_books_a_space_and_is_notified_of_both(api):
    tenancy, booking, notifications = api
    tenant_id = await register(tenancy, activate=True)
    starts_at, ends_at = fresh_slot()
    body = {
        "space_id": await space_id(booking),
        "tenant_id": tenant_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }

    created = await book_when_booking_knows_tenant(booking, body)

    assert created.status_code == 201, created.text
    booking_id = created.json()["id"]
    assert created.headers["location"] == f"/bookings/{booking_id}"
    assert (await booking.get(f"/bookings/{booking_id}")).json()["status"] == "confirmed"
    found = await eventually(
        lambda: notifications_of(notifications, tenant_id),
        until=lambda items: len(items) == 2,
        what="two notifications",
    )
    assert {n["category"] for n in found} == {"tenant_activated", "booking_confirmed"}
    confirmed = next(n for n in found if n["category"] == "booking_confirmed")
    assert confirmed["details"]["booking_id"] == booking_id


async def test_an_overlapping_booking_is_refused_with_the_taken_period(api):
    tenancy, booking, _ = api
    tenant_id = await register(tenancy, activate=True)
    starts_at, ends_at = fresh_slot(hours=2)
    space = await space_id(booking, "BITC-MEET-A")
    first = {"space_id": space, "tenant_id": tenant_id, "starts_at": starts_at, "ends_at": ends_at}
    assert (await book_when_booking_knows_tenant(booking, first)).status_code == 201

    overlapping_start = (datetime.fromisoformat(starts_at) + timedelta(hours=1)).isoformat()
    overlapping_end = (datetime.fromisoformat(ends_at) + timedelta(hours=1)).isoformat()
    second = first | {"starts_at": overlapping_start, "ends_at": overlapping_end}
    refused = await booking.post("/bookings", json=second)

    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"] == "urn:bitc:problem:booking-conflict"
    taken = problem["conflicting_period"]
    assert datetime.fromisoformat(taken["starts_at"]) == datetime.fromisoformat(starts_at)
    assert datetime.fromisoformat(taken["ends_at"]) == datetime.fromisoformat(ends_at)


async def test_unknown_and_not_yet_active_tenants_cannot_book(api):
    tenancy, booking, _ = api
    starts_at, ends_at = fresh_slot()
    space = await space_id(booking)
    unknown = {
        "space_id": space,
        "tenant_id": str(uuid.uuid4()),
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    response = await booking.post("/bookings", json=unknown)
    assert response.status_code == 422
    assert response.json()["type"] == "urn:bitc:problem:unknown-tenant"

    applied_only = unknown | {"tenant_id": await register(tenancy, activate=False)}
    response = await book_when_booking_knows_tenant(booking, applied_only, active=False)
    assert response.status_code == 409
    assert response.json()["type"] == "urn:bitc:problem:tenant-not-active"
    assert response.json()["tenant_standing"] == "applied"


async def test_the_same_event_delivered_twice_yields_one_notification(api, infra):
    tenancy, booking, notifications = api
    tenant_id = await register(tenancy, activate=True)
    starts_at, ends_at = fresh_slot()
    body = {
        "space_id": await space_id(booking),
        "tenant_id": tenant_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    booking_id = (await book_when_booking_knows_tenant(booking, body)).json()["id"]
    await eventually(
        lambda: notifications_of(notifications, tenant_id),
        until=lambda n: len(n) == 2,
        what="notified",
    )

    key = booking_id.encode()
    records = await read_until(
        infra.kafka_bootstrap, BOOKING_EVENTS, done=lambda rs: any(r.key == key for r in rs)
    )
    original = next(r for r in records if r.key == key)
    duplicates_before = await duplicates_suppressed(notifications)
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            BOOKING_EVENTS, original.value, key=original.key, headers=list(original.headers)
        )
    finally:
        await producer.stop()

    await eventually(
        lambda: duplicates_suppressed(notifications),
        until=lambda n: n > duplicates_before,
        what="notifications saw the redelivered event",
    )
    found = await notifications_of(notifications, tenant_id)
    assert [n["category"] for n in found].count("booking_confirmed") == 1
    assert header(original, "bitc-event-id") == json.loads(original.value)["id"]


async def duplicates_suppressed(notifications: httpx.AsyncClient) -> float:
    metrics = (await notifications.get("/metrics")).text
    for line in metrics.splitlines():
        if line.startswith('inbox_duplicates_total{consumer="notifications.booking-events"}'):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_bookings_committed_before_a_sigkill_are_published_after_restart(api, infra, stack):
    """The booking process dies after committing bookings whose events were not yet sent."""
    tenancy, booking, notifications = api
    tenant_id = await register(tenancy, activate=True)
    space = await space_id(booking, "BITC-DUB-1")
    # Holding the relay's lock ourselves keeps committed events in the outbox, unpublished.
    admin = await asyncpg.connect(
        make_url(infra.admin_dsn).set(drivername="postgresql").render_as_string(False)
    )
    try:
        stack.stop_service("booking", signal.SIGKILL)
        await eventually(
            lambda: admin.fetchval("SELECT pg_try_advisory_lock(hashtext('booking.outbox_relay'))"),
            until=bool,
            what="the killed relay's lock is released",
        )
        await stack.restart_service("booking")
        booking_ids = []
        for _ in range(5):
            starts_at, ends_at = fresh_slot()
            body = {
                "space_id": space,
                "tenant_id": tenant_id,
                "starts_at": starts_at,
                "ends_at": ends_at,
            }
            created = await book_when_booking_knows_tenant(booking, body)
            assert created.status_code == 201, created.text
            booking_ids.append(created.json()["id"])
        unpublished = await admin.fetchval(
            "SELECT count(*) FROM booking.outbox"
            " WHERE published_at IS NULL AND aggregate_id = ANY($1::text[])",
            booking_ids,
        )
        assert unpublished == len(booking_ids)
        stack.stop_service("booking", signal.SIGKILL)
    finally:
        await admin.close()

    await stack.restart_service("booking")
    found = await eventually(
        lambda: notifications_of(notifications, tenant_id),
        until=lambda items: (
            sum(n["category"] == "booking_confirmed" for n in items) == len(booking_ids)
        ),
        timeout=60,
        what="every committed booking notified after the restart",
    )
    notified = {n["details"]["booking_id"] for n in found if n["category"] == "booking_confirmed"}
    assert notified == set(booking_ids)
