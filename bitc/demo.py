"""Demo data, created through the public HTTP APIs exactly as a user would.

Tenants of every kind (among them a music community sponsored by Dispudpar), activated; a
working week of bookings of BITC's and Techno Park's rooms within their opening hours; and the
music community's weekly practice series. Booking waits until it has learnt of each tenant from
Kafka, so the demo also shows the event flow working.
"""

import asyncio
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from bitc.demo_offices import checked, seed_offices
from bitc.devstack.keycloak import KeycloakEndpoints
from bitc.devstack.keycloak_admin import KeycloakAdmin

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
#: The realm's tenant users (deploy/keycloak/bitc-realm.json) and the demo tenant each acts for:
#: Asep leads the music community, Rina works at the dubbing startup.
DEMO_SSO_TENANTS = {"asep.lead": 0, "rina.member": 1}
# (space code, working day of the demo week 0-4, start hour WIB, hours, tenant index); every
# one within the space's opening hours and booking rules.
DEMO_BOOKINGS = [
    ("BITC-DUB-1", 0, 9, 3, 1),
    ("BITC-MEET-A", 0, 10, 1, 2),
    ("BITC-DESK-01", 0, 8, 8, 3),
    ("BITC-MEET-B", 1, 9, 1, 1),
    ("BITC-DESK-01", 1, 8, 8, 3),
    ("BITC-DUB-1", 2, 13, 4, 1),
    ("BITC-MEET-A", 3, 14, 2, 2),
    ("BITC-DESK-01", 3, 8, 8, 3),
    ("CTP-MEET-1", 4, 14, 2, 2),
    ("BITC-MUSIC-1", 4, 16, 2, 0),
]
# The music community practises every Tuesday 19:00-21:00 WIB for 12 weeks.
PRACTICE_ROOM, PRACTICE_WEEKS, PRACTICE_ATTENDEES = "BITC-MUSIC-2", 12, 6
_TUESDAY = 1
#: The city agency (tourism and youth office) that sponsors the music community's free use.
SPONSOR = "Dinas Kepemudaan, Olahraga dan Pariwisata (Dispudpar) Kota Cimahi"
_PROJECTION_DEADLINE_S = 60.0
#: BITC staff of the dev stack: they get the digests of requests waiting for approval (which the
#: stack's mail catcher keeps; `bitc dev mail` shows them).
DEMO_STAFF_RECIPIENTS = ["pengelola.ruang@bitc.example"]


def demo_notifications_env() -> dict[str, str]:
    """The notifications settings the dev stack adds to its defaults."""
    return {"STAFF_RECIPIENTS": json.dumps(DEMO_STAFF_RECIPIENTS)}


@dataclass(frozen=True)
class DemoResult:
    tenant_ids: list[str]
    #: Single bookings and the booked occurrences of the practice series.
    booking_ids: list[str]
    series_ids: list[str] = field(default_factory=list)
    lease_ids: list[str] = field(default_factory=list)


async def seed_demo(tenancy_url: str, booking_url: str, token: str) -> DemoResult:
    """Seeds as the holder of ``token``, which must allow staff work (manager or admin)."""
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(base_url=tenancy_url, timeout=10, headers=headers) as tenancy,
        httpx.AsyncClient(base_url=booking_url, timeout=10, headers=headers) as booking,
    ):
        tenant_ids = [await _register_and_activate(tenancy, *spec) for spec in DEMO_TENANTS]
        lease_ids = await seed_offices(tenancy, tenant_ids)
        spaces = {
            space["code"]: space["id"] for space in checked(await booking.get("/spaces")).json()
        }
        week = _working_week()
        booking_ids = []
        for code, day, hour, hours, who in DEMO_BOOKINGS:
            starts = week[day].replace(hour=hour)
            body = {
                "space_id": spaces[code],
                "tenant_id": tenant_ids[who],
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=hours)).isoformat(),
            }
            booking_ids.append((await _book_when_tenant_known(booking, body)).json()["id"])
        series = await _practice_series(booking, spaces[PRACTICE_ROOM], tenant_ids[0])
        booking_ids += [o["booking_id"] for o in series["occurrences"] if o["booking_id"]]
    return DemoResult(tenant_ids, booking_ids, [series["id"]], lease_ids)


def demo_user_lines(realm_users: dict[str, list[str]], tenants_bound: bool) -> list[str]:
    """`username  roles` per realm user, naming the demo tenant a tenant user acts for."""
    lines = []
    for username, roles in realm_users.items():
        line = f"{username:<14} {', '.join(roles)}"
        if username in DEMO_SSO_TENANTS:
            name = DEMO_TENANTS[DEMO_SSO_TENANTS[username]][1]
            line += f" of {name}" if tenants_bound else " (no tenant yet: bitc dev up --demo)"
        lines.append(line)
    return lines


async def bind_demo_users(keycloak: KeycloakEndpoints, tenant_ids: list[str]) -> None:
    """Point the realm's tenant users at the demo tenants, so they sign in as real users."""
    async with KeycloakAdmin(keycloak) as admin:
        for username, tenant in DEMO_SSO_TENANTS.items():
            await admin.set_tenant(username, tenant_ids[tenant])


def _working_week() -> list[datetime]:
    """Midnight (WIB) of the next five working days, starting tomorrow."""
    day = datetime.now(WIB).replace(hour=0, minute=0, second=0, microsecond=0)
    days = []
    while len(days) < 5:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


async def _practice_series(booking: httpx.AsyncClient, room: str, tenant_id: str) -> dict:
    today = datetime.now(WIB).replace(hour=0, minute=0, second=0, microsecond=0)
    tuesday = today + timedelta(days=(_TUESDAY - today.weekday()) % 7 or 7)
    body = {
        "space_id": room,
        "tenant_id": tenant_id,
        "starts_at": tuesday.replace(hour=19).isoformat(),
        "ends_at": tuesday.replace(hour=21).isoformat(),
        "attendees": PRACTICE_ATTENDEES,
        "frequency": "weekly",
        "count": PRACTICE_WEEKS,
    }
    return checked(await booking.post("/series", json=body)).json()


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
    if kind == "community":
        body["sponsor_agency"] = SPONSOR
    tenant_id = checked(await tenancy.post("/tenants", json=body)).json()["id"]
    checked(await tenancy.post(f"/tenants/{tenant_id}/activate"))
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
            return checked(response)
        await asyncio.sleep(0.2)
