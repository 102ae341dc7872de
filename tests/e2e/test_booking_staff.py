"""Staff running the catalogue over HTTP: a new space with its own rules, approvals, check-in,
a closure that cancels what it covers, and paging through the bookings."""

import uuid
from datetime import datetime, timedelta

import pytest

from contracts.tenancy import TenantKind
from tests.e2e.api_steps import WIB, fresh_slot, space_id
from tests.e2e.test_booking_api import known_tenant

pytestmark = pytest.mark.e2e


async def test_staff_create_a_space_approve_requests_and_close_it(api, infra):
    _, booking, _ = api
    tenant_id = await known_tenant(infra, booking, TenantKind.STARTUP)
    space = {
        "site": "techno_park",
        "code": f"CTP-STUDIO-{uuid.uuid4().hex[:6].upper()}",
        "name": "Studio Podcast Techno Park",
        "type": "dubbing_studio",
        "capacity": 3,
        "amenities": ["microphones"],
        "opening_hours": {d: ["08:00", "20:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
    }
    key = {"Idempotency-Key": str(uuid.uuid4())}
    created = await booking.post("/spaces", json=space, headers=key)
    assert created.status_code == 201, created.text
    assert (await booking.post("/spaces", json=space, headers=key)).json() == created.json()
    space_id = created.json()["id"]
    rules = await booking.put(
        f"/spaces/{space_id}/rules", json={"approval_kinds": ["startup"], "buffer_after_min": 30}
    )
    assert rules.json()["effective"]["approval_kinds"] == ["startup"]
    assert rules.json()["effective"]["min_lead_min"] == 60, "inherited from the studio type"

    day = datetime.now(WIB).replace(hour=0, minute=0, second=0, microsecond=0)
    day += timedelta(days=3 + (2 if (day + timedelta(days=3)).weekday() >= 5 else 0))
    bodies = [
        {
            "space_id": space_id,
            "tenant_id": tenant_id,
            "starts_at": day.replace(hour=hour).isoformat(),
            "ends_at": day.replace(hour=hour + 1).isoformat(),
        }
        for hour in (9, 12, 15)
    ]
    requested = [(await booking.post("/bookings", json=b)).json() for b in bodies]
    assert [r["status"] for r in requested] == ["requested"] * 3
    assert requested[0]["held_until"] == (
        datetime.fromisoformat(requested[0]["ends_at"]) + timedelta(minutes=30)
    ).isoformat().replace("+00:00", "Z")

    approved = await booking.post(f"/bookings/{requested[0]['id']}/approve")
    assert approved.json()["status"] == "confirmed"
    early = await booking.post(f"/bookings/{requested[0]['id']}/check-in")
    assert (early.status_code, early.json()["rule"]) == (422, "check-in-too-early")
    again = await booking.post(f"/bookings/{requested[0]['id']}/approve")
    assert (again.status_code, again.json()["type"]) == (409, "urn:bitc:problem:illegal-transition")
    rejected = await booking.post(
        f"/bookings/{requested[1]['id']}/reject", json={"reason": "studio-reserved-for-city"}
    )
    assert rejected.json()["status_reason"] == "studio-reserved-for-city"

    closure = await booking.post(
        "/closures",
        json={
            "site": "techno_park",
            "space_id": space_id,
            "starts_at": day.isoformat(),
            "ends_at": (day + timedelta(days=1)).isoformat(),
            "reason": "maintenance",
        },
    )
    assert closure.status_code == 201, closure.text
    assert closure.json()["bookings_cancelled"] == 2
    for stale in (requested[0], requested[2]):
        after = (await booking.get(f"/bookings/{stale['id']}")).json()
        assert (after["status"], after["status_reason"]) == ("cancelled", "space_closed")
    refused = await booking.post("/bookings", json=bodies[2])
    assert refused.json()["rule"] == "space-closed"

    pages, cursor = [], None
    while True:
        params = {"space_id": space_id, "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await booking.get("/bookings", params=params)).json()
        pages.append([b["id"] for b in page["items"]])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == [[requested[0]["id"], requested[1]["id"]], [requested[2]["id"]]]
    retired = await booking.delete(f"/spaces/{space_id}")
    assert retired.json()["active"] is False


async def test_staff_move_a_closure_and_it_cancels_what_it_now_covers(api, infra):
    _, booking, _ = api
    tenant_id = await known_tenant(infra, booking, TenantKind.STARTUP)
    room = await space_id(booking, "BITC-MEET-B")
    starts_at, ends_at = fresh_slot(hours=1)
    body = {"space_id": room, "tenant_id": tenant_id, "starts_at": starts_at, "ends_at": ends_at}
    made = await booking.post("/bookings", json=body)
    assert made.status_code == 201, made.text
    start = datetime.fromisoformat(starts_at)
    # First over a period of its own, which no booking of any test meets (the room is shared).
    elsewhere_starts, elsewhere_ends = fresh_slot(hours=1)
    closure = await booking.post(
        "/closures",
        json={
            "site": "bitc",
            "space_id": room,
            "starts_at": elsewhere_starts,
            "ends_at": elsewhere_ends,
            "reason": "maintenance",
        },
    )
    assert closure.json()["bookings_cancelled"] == 0

    moved = await booking.patch(
        f"/closures/{closure.json()['id']}",
        json={"starts_at": starts_at, "ends_at": ends_at, "reason": "city_event"},
    )

    assert moved.status_code == 200, moved.text
    assert (moved.json()["bookings_cancelled"], moved.json()["reason"]) == (1, "city_event")
    after = (await booking.get(f"/bookings/{made.json()['id']}")).json()
    assert (after["status"], after["status_reason"]) == ("cancelled", "space_closed")
    backwards = await booking.patch(
        f"/closures/{closure.json()['id']}",
        json={"ends_at": (start - timedelta(hours=4)).isoformat()},
    )
    assert (backwards.status_code, backwards.json()["type"]) == (
        422,
        "urn:bitc:problem:period-empty",
    )
    missing = await booking.patch(f"/closures/{uuid.uuid4()}", json={"reason": "other"})
    assert missing.status_code == 404
