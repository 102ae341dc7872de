"""Demo data, created through the public HTTP APIs exactly as a user would.

Tenants of every kind (among them a music community sponsored by Dispudpar), activated, and a
week of bookings of BITC's rooms. Booking waits until it has learnt of each tenant from Kafka,
so the demo also shows the event flow working.
"""

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

WIB = ZoneInfo("Asia/Jakarta")

DEMO_TENANTS = [
    (
        "community",
        "Komunitas Musik Baros (binaan Dispudpar)",
        "community",
        "Asep Saepudin",
        "0812-2000-1001",
    ),
    ("startup", "Kreasi Dubbing Nusantara", "office-tenant", "Rina Kartika", "0813-2000-1002"),
    ("company", "PT Cimahi Animasi Kreatif", "office-tenant", "Dedi Supriatna", "+62 22 6600 1003"),
    (
        "individual",
        "Nadia Putri (freelance illustrator)",
        "coworking-flex",
        "Nadia Putri",
        "0857-2000-1004",
    ),
]
# (space code, day offset, start hour WIB, hours, tenant index)
DEMO_BOOKINGS = [
    ("BITC-MUSIC-1", 1, 19, 2, 0),
    ("BITC-MUSIC-1", 8, 19, 2, 0),
    ("BITC-DUB-1", 1, 9, 3, 1),
    ("BITC-DUB-1", 2, 13, 4, 1),
    ("BITC-MEET-A", 2, 10, 1, 2),
    ("BITC-DESK-01", 1, 8, 8, 3),
    ("BITC-DESK-01", 3, 8, 8, 3),
    ("CTP-MEET-1", 4, 14, 2, 2),
]
_PROJECTION_DEADLINE_S = 60.0


@dataclass(frozen=True)
class DemoResult:
    tenant_ids: list[str]
    booking_ids: list[str]


async def seed_demo(tenancy_url: str, booking_url: str) -> DemoResult:
    async with (
        httpx.AsyncClient(base_url=tenancy_url, timeout=10) as tenancy,
        httpx.AsyncClient(base_url=booking_url, timeout=10) as booking,
    ):
        tenant_ids = [await _register_and_activate(tenancy, *spec) for spec in DEMO_TENANTS]
        spaces = {space["code"]: space["id"] for space in _ok(await booking.get("/spaces")).json()}
        today = datetime.now(WIB).replace(hour=0, minute=0, second=0, microsecond=0)
        booking_ids = []
        for code, day, hour, hours, who in DEMO_BOOKINGS:
            starts = today + timedelta(days=day, hours=hour)
            body = {
                "space_id": spaces[code],
                "tenant_id": tenant_ids[who],
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=hours)).isoformat(),
            }
            booking_ids.append((await _book_when_tenant_known(booking, body)).json()["id"])
    return DemoResult(tenant_ids, booking_ids)


async def _register_and_activate(
    tenancy: httpx.AsyncClient, kind: str, name: str, plan: str, contact: str, phone: str
) -> str:
    email = contact.split()[0].lower() + "@example.id"
    body = {
        "kind": kind,
        "display_name": name,
        "plan_code": plan,
        "contact": {"name": contact, "email": email, "phone": phone, "language": "id"},
    }
    tenant_id = _ok(await tenancy.post("/tenants", json=body)).json()["id"]
    _ok(await tenancy.post(f"/tenants/{tenant_id}/activate"))
    return tenant_id


async def _book_when_tenant_known(
    booking: httpx.AsyncClient, body: dict[str, str]
) -> httpx.Response:
    """Booking learns of tenants asynchronously; retry while it has not yet."""
    deadline = time.monotonic() + _PROJECTION_DEADLINE_S
    while True:
        response = await booking.post("/bookings", json=body)
        waiting = response.status_code in (409, 422) and response.json().get("type", "").endswith(
            ("unknown-tenant", "tenant-not-active")
        )
        if not waiting or time.monotonic() > deadline:
            return _ok(response)
        await asyncio.sleep(0.2)


def _ok(response: httpx.Response) -> httpx.Response:
    if response.status_code >= 400:
        request = response.request
        raise RuntimeError(
            f"{request.method} {request.url} -> {response.status_code}: {response.text}"
        )
    return response
