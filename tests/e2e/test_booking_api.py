"""The booking service's API as staff and tenants use it, over HTTP against the running
platform: contention for one slot, a music community's weekly practice series, the calendar
feed, availability and the errors that name the broken rule."""

import asyncio
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from aiokafka import AIOKafkaProducer
from icalendar import Calendar

from contracts.booking import SpaceType
from contracts.tenancy import (
    MonthlyQuota,
    OverQuotaPolicy,
    PlanEntitlements,
    TenantActivated,
    TenantKind,
    TenantPlanChanged,
    TenantRegistered,
)
from contracts.topics import TENANCY_EVENTS
from shared.messaging.envelope import encode, wrap_event
from tests.calendar_reading import read_feed
from tests.e2e.api_steps import WIB, fresh_slot, space_id
from tests.polling import eventually

pytestmark = pytest.mark.e2e

CONTENDERS = 50
COMMUNITY_PLAN = PlanEntitlements(
    plan_code="community",
    quotas=[
        MonthlyQuota(space_type=SpaceType.MUSIC_ROOM, hours=40),
        MonthlyQuota(space_type=SpaceType.MEETING_ROOM, hours=20),
        MonthlyQuota(space_type=SpaceType.DUBBING_STUDIO, hours=20),
    ],
    bookings_need_approval=False,
    over_quota=OverQuotaPolicy.REJECT,
)


async def known_tenant(infra, booking, kind: TenantKind = TenantKind.COMMUNITY) -> str:
    """A tenant as tenancy announces it (registered, its plan, activated), published to the
    tenancy topic directly so these tests exercise booking alone; ready once booking knows it."""
    tenant_id = uuid.uuid4()
    now = datetime.now(UTC)
    events = [
        TenantRegistered(tenant_id=tenant_id, occurred_at=now, kind=kind, plan_code="community"),
        TenantPlanChanged(tenant_id=tenant_id, occurred_at=now, entitlements=COMMUNITY_PLAN),
        TenantActivated(tenant_id=tenant_id, occurred_at=now, kind=kind, plan_code="community"),
    ]
    producer = AIOKafkaProducer(
        bootstrap_servers=infra.kafka_bootstrap, acks="all", enable_idempotence=True
    )
    await producer.start()
    try:
        for event in events:
            envelope = wrap_event(event, source="/test", correlation_id=None, causation_id=None)
            await producer.send_and_wait(
                TENANCY_EVENTS, encode(envelope), key=str(tenant_id).encode()
            )
    finally:
        await producer.stop()
    await eventually(
        lambda: booking.get(f"/tenants/{tenant_id}"),
        until=lambda r: r.status_code == 200 and r.json()["standing"] == "active",
        what="booking knows the tenant is active",
    )
    return str(tenant_id)


async def test_of_fifty_simultaneous_requests_for_one_slot_one_wins_and_49_get_409(api, infra):
    _, booking, _ = api
    tenant_id = await known_tenant(infra, booking, TenantKind.STARTUP)
    space = await space_id(booking, "BITC-MEET-A")
    starts_at, ends_at = fresh_slot()
    body = {"space_id": space, "tenant_id": tenant_id, "starts_at": starts_at, "ends_at": ends_at}

    began = time.perf_counter()
    answers = await asyncio.gather(
        *(booking.post("/bookings", json=body) for _ in range(CONTENDERS))
    )
    took = time.perf_counter() - began

    statuses = Counter(answer.status_code for answer in answers)
    print(f"\n{CONTENDERS} simultaneous requests for one slot in {took:.3f}s: {dict(statuses)}")
    assert statuses == {201: 1, 409: CONTENDERS - 1}
    winner = next(a for a in answers if a.status_code == 201).json()
    for refused in (a for a in answers if a.status_code == 409):
        problem = refused.json()
        assert problem["type"] == "urn:bitc:problem:booking-conflict"
        assert datetime.fromisoformat(problem["conflicting_period"]["starts_at"]) == (
            datetime.fromisoformat(starts_at)
        )
    listed = await booking.get(
        "/bookings", params={"space_id": space, "starts_from": starts_at, "starts_before": ends_at}
    )
    assert [b["id"] for b in listed.json()["items"]] == [winner["id"]]


async def test_a_music_community_books_a_weekly_practice_series(api, infra):
    """The curl walkthrough for a weekly practice series, step by step."""
    _, booking, _ = api
    tenant_id = await known_tenant(infra, booking)
    room = await space_id(booking, "BITC-MUSIC-2")
    today = datetime.now(WIB).replace(hour=0, minute=0, second=0, microsecond=0)
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    first = {
        "space_id": room,
        "tenant_id": tenant_id,
        "starts_at": tuesday.replace(hour=19).isoformat(),
        "ends_at": tuesday.replace(hour=21).isoformat(),
    }
    body = first | {"frequency": "weekly", "count": 12, "attendees": 6}
    created = await booking.post(
        "/series", json=body, headers={"Idempotency-Key": str(uuid.uuid4())}
    )

    assert created.status_code == 201, created.text
    series = created.json()
    assert created.headers["location"] == f"/series/{series['id']}"
    assert len(series["occurrences"]) == 12
    # 40 hours a month of music rooms: 2 hours a week always fit.
    assert (series["booked"], series["skipped"]) == (12, 0)
    for occurrence in series["occurrences"]:
        local = datetime.fromisoformat(occurrence["starts_at"]).astimezone(WIB)
        assert (local.weekday(), local.hour, local.minute) == (1, 19, 0)
        assert occurrence["booking_id"] or occurrence["skipped_because"]
    booked = [o for o in series["occurrences"] if o["booking_id"]]

    feed = await booking.get(f"/tenants/{tenant_id}/calendar.ics")
    assert feed.headers["content-type"].startswith("text/calendar")
    events = list(Calendar.from_ical(feed.content).walk("VEVENT"))
    starts = {e.decoded("dtstart") for e in events}
    assert all((s.hour, str(s.tzinfo)) == (19, "Asia/Jakarta") for s in starts)
    assert {datetime.fromisoformat(o["starts_at"]) for o in booked} <= starts

    balance = (await booking.get(f"/tenants/{tenant_id}/quota-balance")).json()
    music = next(b for b in balance["balances"] if b["space_type"] == "music_room")
    assert music["quota_hours"] == 40
    assert music["used_hours"] + music["remaining_hours"] == 40

    one = booked[0]["booking_id"]
    cancelled = await booking.post(f"/bookings/{one}/cancel", json={"reason": "by_booker"})
    assert cancelled.json()["status"] == "cancelled"
    onward = await booking.post(
        f"/series/{series['id']}/cancel", params={"from": booked[-2]["starts_at"]}
    )
    assert [b["id"] for b in onward.json()] == [o["booking_id"] for o in booked[-2:]]
    assert {b["status_reason"] for b in onward.json()} == {"series_cancelled"}
    whole = await booking.post(f"/series/{series['id']}/cancel")
    assert len(whole.json()) == 12 - 3
    left = await booking.get("/bookings", params={"tenant_id": tenant_id, "status": "confirmed"})
    assert left.json()["items"] == []
    # In the feed: every booked date once, none recurring, all cancelled now.
    feed = read_feed((await booking.get(f"/tenants/{tenant_id}/calendar.ics")).content)
    dates = [e for e in feed.values() if e.series == f"{series['id']}@series.booking.bitc"]
    assert sorted(e.starts_at for e in dates) == [
        datetime.fromisoformat(o["starts_at"]) for o in booked
    ]
    assert {(e.status, e.recurs) for e in dates} == {("CANCELLED", False)}


async def test_errors_name_the_broken_rule_and_overflowing_times_are_422(api, infra):
    _, booking, _ = api
    tenant_id = await known_tenant(infra, booking)
    space = await space_id(booking, "BITC-MEET-B")
    starts_at, ends_at = fresh_slot()
    body = {"space_id": space, "tenant_id": tenant_id, "starts_at": starts_at, "ends_at": ends_at}
    assert (await booking.post("/bookings", json=body | {"attendees": 1})).status_code == 201

    crowd = await booking.post("/bookings", json=body | {"attendees": 7})
    assert crowd.status_code == 422
    assert (crowd.json()["type"], crowd.json()["rule"]) == (
        "urn:bitc:problem:over-capacity",
        "over-capacity",
    )
    ancient = body | {
        "starts_at": "0001-01-01T00:00:00+07:00",
        "ends_at": "0001-01-01T02:00:00+07:00",
    }
    overflow = await booking.post("/bookings", json=ancient)
    assert overflow.status_code == 422
    assert overflow.json()["rule"] == "period-out-of-range"
    evening = datetime.fromisoformat(starts_at).replace(hour=21)
    late = {"starts_at": evening.isoformat(), "ends_at": (evening + timedelta(hours=1)).isoformat()}
    closed = await booking.post("/bookings", json=body | late)
    assert (closed.status_code, closed.json()["rule"]) == (422, "outside-opening-hours")


async def test_availability_and_search_show_the_taken_slot(api, infra):
    _, booking, _ = api
    tenant_id = await known_tenant(infra, booking)
    space = await space_id(booking, "BITC-MEET-B")
    starts_at, ends_at = fresh_slot()
    body = {"space_id": space, "tenant_id": tenant_id, "starts_at": starts_at, "ends_at": ends_at}
    assert (await booking.post("/bookings", json=body)).status_code == 201
    start = datetime.fromisoformat(starts_at)
    day = start.replace(hour=0)

    free = await booking.get(
        f"/spaces/{space}/availability",
        params={"starts_at": day.isoformat(), "ends_at": (day + timedelta(days=1)).isoformat()},
    )
    assert free.status_code == 200, free.text
    intervals = [
        (datetime.fromisoformat(i["starts_at"]), datetime.fromisoformat(i["ends_at"]))
        for i in free.json()
    ]
    assert all(not (s < datetime.fromisoformat(ends_at) and start < e) for s, e in intervals)
    assert any(e == start for _, e in intervals)

    found = await booking.get(
        "/spaces/search",
        params={"type": "meeting_room", "starts_at": starts_at, "ends_at": ends_at},
    )
    codes = {s["code"] for s in found.json()}
    assert "BITC-MEET-B" not in codes
    assert "BITC-MEET-A" in codes or "CTP-MEET-1" in codes


async def test_a_queued_tenant_gets_the_slot_when_it_is_cancelled(api, infra):
    _, booking, _ = api
    holder = await known_tenant(infra, booking, TenantKind.STARTUP)
    waiting = await known_tenant(infra, booking, TenantKind.COMPANY)
    space = await space_id(booking, "BITC-DUB-1")
    starts_at, ends_at = fresh_slot()
    body = {"space_id": space, "tenant_id": holder, "starts_at": starts_at, "ends_at": ends_at}
    held = (await booking.post("/bookings", json=body)).json()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    queued = await booking.post("/waitlist", json=body | {"tenant_id": waiting}, headers=key)
    assert queued.status_code == 201, queued.text
    entry = (await booking.get(queued.headers["location"])).json()
    assert entry["status"] == "waiting"

    await booking.post(f"/bookings/{held['id']}/cancel", json={"reason": "by_staff"})

    entry = (await booking.get(queued.headers["location"])).json()
    assert entry["status"] == "promoted"
    promoted = (await booking.get(f"/bookings/{entry['booking_id']}")).json()
    assert (promoted["tenant_id"], promoted["status"]) == (waiting, "confirmed")
    feed = read_feed((await booking.get(f"/spaces/{space}/calendar.ics")).content)
    assert feed[f"{promoted['id']}@booking.bitc"].status == "CONFIRMED"
    # The freed booking stays, cancelled, so calendar apps that showed it drop it.
    assert feed[f"{held['id']}@booking.bitc"].status == "CANCELLED"
