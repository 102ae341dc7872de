"""The tenants and rooms a benchmark books: active tenants on a plan that needs no approval
and has room in its quota, and meeting rooms of one site open around the clock, made through
the services' own APIs as staff would make them."""

import asyncio
import uuid
from dataclasses import dataclass

import httpx

from bench.bench_platform import BenchPlatform
from bitc.fault_drill.drill import OPEN_PLAN
from bitc.fault_drill.waiting import settle
from shared.auth.access import Role

TENANTS = 20
ROOMS = 40
SITE = "bitc"
#: Open from 00:00 to 23:30 every day: 47 half-hour slots a day per room.
OPEN_ALL_DAY = ("00:00", "23:30")
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PLAN = OPEN_PLAN | {"code": "bench-open", "name": "Benchmark: open booking"}


@dataclass(frozen=True)
class Tenant:
    id: str
    token: str  # a member's token, as a tenant books through the console


@dataclass(frozen=True)
class Fleet:
    tenants: list[Tenant]
    rooms: list[str]


async def _tenant(tenancy: httpx.AsyncClient, number: int, run: str) -> str:
    body = {
        "kind": "community",
        "display_name": f"Komunitas Uji Beban {number}",
        "plan_code": _PLAN["code"],
        "contact": {
            "name": "Rina",
            "email": f"bench-{run}-{number}@example.id",
            "phone": "0812-0000-0000",
        },
    }
    registered = await tenancy.post("/tenants", json=body)
    registered.raise_for_status()
    tenant_id: str = registered.json()["id"]
    (await tenancy.post(f"/tenants/{tenant_id}/activate")).raise_for_status()
    return tenant_id


async def _room(booking: httpx.AsyncClient, number: int, run: str) -> str:
    body = {
        "site": SITE,
        "code": f"BENCH-{run}-{number:02d}",
        "name": f"Ruang Rapat Uji {number}",
        "type": "meeting_room",
        "capacity": 10,
        "opening_hours": {day: list(OPEN_ALL_DAY) for day in WEEK},
    }
    response = await booking.post("/spaces", json=body)
    response.raise_for_status()
    space_id: str = response.json()["id"]
    return space_id


async def _known_active(booking: httpx.AsyncClient, tenant_ids: list[str]) -> None:
    """Booking learns the tenants from tenancy's events: they book once it has."""

    async def active() -> int:
        answers = [await booking.get(f"/tenants/{tenant_id}") for tenant_id in tenant_ids]
        return sum(a.status_code == 200 and a.json().get("standing") == "active" for a in answers)

    await settle(active, lambda n: n == len(tenant_ids), within_s=120, what="tenants known")


async def make_fleet(platform: BenchPlatform) -> Fleet:
    admin = {"Authorization": f"Bearer {platform.token(Role.admin)}"}
    async with (
        httpx.AsyncClient(base_url=platform.url("tenancy"), timeout=30, headers=admin) as tenancy,
        httpx.AsyncClient(base_url=platform.url("booking"), timeout=30, headers=admin) as booking,
    ):
        plan = await tenancy.post("/plans", json=_PLAN)
        if plan.status_code != 409:  # made by an earlier run on this platform
            plan.raise_for_status()
        run = uuid.uuid4().hex[:6].upper()
        made = await asyncio.gather(*(_tenant(tenancy, n, run) for n in range(TENANTS)))
        tenant_ids = list(made)
        rooms = list(await asyncio.gather(*(_room(booking, n, run) for n in range(ROOMS))))
        await _known_active(booking, tenant_ids)
    tenants = [Tenant(t, platform.token(Role.tenant_member, t)) for t in tenant_ids]
    return Fleet(tenants, rooms)
