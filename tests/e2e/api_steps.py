"""Steps the end-to-end tests take through the services' HTTP APIs."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from tests.polling import eventually

WIB = ZoneInfo("Asia/Jakarta")
#: Start hours (WIB) three hours apart, so even buffered studio bookings never touch.
_SLOT_HOURS = (9, 12, 15, 18)
#: Far enough ahead for every lead time, near enough for the strictest max-days-ahead (60).
_FIRST_DAY, _LAST_DAY = 2, 58


#: Created through the plans API: every kind of space, no approval, so a booking is confirmed at
#: once (the seeded community plan, as issue #3 asks, routes bookings to staff approval).
OPEN_PLAN = {
    "code": "e2e-open",
    "name": "End-to-end tests: open booking",
    "monthly_fee_idr": 0,
    "quotas": [
        {"space_type": kind, "hours": 10_000}
        for kind in ("dubbing_studio", "music_room", "meeting_room", "coworking_desk", "event_hall")
    ],
    "bookings_need_approval": False,
    "over_quota": "reject",
}


async def ensure_open_plan(tenancy: httpx.AsyncClient) -> str:
    # The same key every time: the first call creates the plan, later ones replay that answer.
    response = await tenancy.post("/plans", json=OPEN_PLAN, headers={"Idempotency-Key": "e2e-open"})
    assert response.status_code == 201, response.text
    return OPEN_PLAN["code"]


async def register(tenancy: httpx.AsyncClient, *, activate: bool) -> str:
    body = {
        "kind": "community",
        "display_name": "Komunitas Musik Baros",
        "plan_code": await ensure_open_plan(tenancy),
        "contact": {"name": "Asep", "email": "asep@example.id", "phone": "0812-3456-7890"},
    }
    response = await tenancy.post("/tenants", json=body)
    assert response.status_code == 201, response.text
    tenant_id = response.json()["id"]
    if activate:
        assert (await tenancy.post(f"/tenants/{tenant_id}/activate")).status_code == 200
    return tenant_id


async def space_id(booking: httpx.AsyncClient, code: str = "BITC-MUSIC-1") -> str:
    spaces = (await booking.get("/spaces")).json()
    return next(space["id"] for space in spaces if space["code"] == code)


def _weekday_slots() -> Iterator[datetime]:
    today = datetime.now(WIB).replace(hour=0, minute=0, second=0, microsecond=0)
    for ahead in range(_FIRST_DAY, _LAST_DAY + 1):
        day = today + timedelta(days=ahead)
        if day.weekday() < 5:  # every seeded space is open on weekdays
            for hour in _SLOT_HOURS:
                yield day.replace(hour=hour)


_slots = _weekday_slots()


def fresh_slot(hours: int = 2) -> tuple[str, str]:
    """A period no other test uses, within every space's opening hours and booking window:
    a weekday 9:00, 12:00, 15:00 or 18:00 WIB, 2 to 58 days ahead (at most 3 hours long)."""
    assert 1 <= hours <= 3, "longer slots would touch the next one"
    starts = next(_slots)
    return starts.isoformat(), (starts + timedelta(hours=hours)).isoformat()


async def book_when_booking_knows_tenant(
    booking: httpx.AsyncClient, body: dict, *, active: bool = True
) -> httpx.Response:
    """Booking learns of tenants from Kafka; until it has caught up it answers unknown-tenant
    (and, for a tenant activated a moment ago, tenant-not-active)."""
    catching_up = {"urn:bitc:problem:unknown-tenant"}
    if active:
        catching_up.add("urn:bitc:problem:tenant-not-active")

    async def attempt() -> httpx.Response:
        return await booking.post("/bookings", json=body)

    return await eventually(
        attempt,
        until=lambda r: r.status_code < 400 or r.json()["type"] not in catching_up,
        what="booking learns of the tenant",
    )


async def notifications_of(notifications: httpx.AsyncClient, tenant_id: str) -> list[dict]:
    response = await notifications.get("/notifications", params={"tenant_id": tenant_id})
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def every_item(client: httpx.AsyncClient, path: str, params: dict[str, str]) -> list[dict]:
    """Every item of a paged list, following ``next_cursor`` to the last page."""
    items: list[dict] = []
    cursor: str | None = None
    while True:
        page_params = params | {"limit": "200"} | ({"cursor": cursor} if cursor else {})
        response = await client.get(path, params=page_params)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
