"""A drill session: its own platform, HTTP clients, one tenant allowed to book, and trials —
one per scenario, each with a fresh space, a steady load and the account kept of it."""

import contextlib
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

import asyncpg
import httpx

from bitc.fault_drill.drill_platform import EXTRA_ENV, DrillPlatform, drill_platform
from bitc.fault_drill.ledger import DuplicateTally, ScenarioReport, audit
from bitc.fault_drill.load import BookingLoad, new_space
from bitc.fault_drill.waiting import settle

#: Every space type, no approval: a booking is confirmed (and its event owed) at once.
OPEN_PLAN = {
    "code": "fault-drill-open",
    "name": "Fault drill: open booking",
    "monthly_fee_idr": 0,
    "quotas": [
        {"space_type": kind, "hours": 100_000}
        for kind in ("dubbing_studio", "music_room", "meeting_room", "coworking_desk", "event_hall")
    ],
    "bookings_need_approval": False,
    "over_quota": "reject",
}


@dataclass
class Trial:
    """One scenario's space, load and duplicate count."""

    drill: "Drill"
    name: str
    space_id: str
    load: BookingLoad
    tally: DuplicateTally
    started: float

    async def report(self, **facts: object) -> ScenarioReport:
        async with self.drill.database() as conn:
            report = await audit(
                conn,
                scenario=self.name,
                space_id=self.space_id,
                outcome=self.load.outcome,
                tally=self.tally,
                kafka_bootstrap=self.drill.platform.kafka_bootstrap,
                started=self.started,
            )
        report.facts.update(facts)
        return report


@dataclass
class Drill:
    platform: DrillPlatform
    tenancy: httpx.AsyncClient
    booking: httpx.AsyncClient
    tenant_id: str

    @contextlib.asynccontextmanager
    async def database(self) -> AsyncIterator[asyncpg.Connection]:
        """A superuser connection to the platform's database, across every schema."""
        conn = await asyncpg.connect(self.platform.admin_dsn)
        try:
            yield conn
        finally:
            await conn.close(timeout=5)

    async def trial(self, name: str, workers: int = 2) -> Trial:
        space_id = await new_space(self.booking, name)
        tally = DuplicateTally(self.platform.url("notifications"), self.platform.admin_headers())
        await tally.start()
        load = BookingLoad(self.booking, self.tenant_id, space_id, workers)
        return Trial(self, name, space_id, load, tally, time.monotonic())


async def _admitted_tenant(tenancy: httpx.AsyncClient, booking: httpx.AsyncClient) -> str:
    """A community on the open plan, activated, and known as active to the booking service."""
    plan = await tenancy.post("/plans", json=OPEN_PLAN)
    plan.raise_for_status()
    body = {
        "kind": "community",
        "display_name": "Komunitas Latihan Gangguan",
        "plan_code": OPEN_PLAN["code"],
        "contact": {"name": "Dewi", "email": "dewi@example.id", "phone": "0812-1111-2222"},
    }
    registered = await tenancy.post("/tenants", json=body)
    registered.raise_for_status()
    tenant_id: str = registered.json()["id"]
    (await tenancy.post(f"/tenants/{tenant_id}/activate")).raise_for_status()

    async def standing() -> str:
        answer = await booking.get(f"/tenants/{tenant_id}")
        return str(answer.json().get("standing")) if answer.status_code == 200 else "unknown"

    await settle(standing, lambda s: s == "active", within_s=60, what="booking learns the tenant")
    return tenant_id


@contextlib.asynccontextmanager
async def drill_session(
    replicated: bool = False, extra_env: Mapping[str, Mapping[str, str]] = EXTRA_ENV
) -> AsyncIterator[Drill]:
    """Starts a platform for the drill (on three brokers when ``replicated``) and stops it
    afterwards, whatever happened."""
    async with drill_platform(replicated, extra_env) as platform:
        urls, admin = platform.running.service_urls, platform.admin_headers()
        async with (
            httpx.AsyncClient(base_url=urls["tenancy"], timeout=10, headers=admin) as tenancy,
            httpx.AsyncClient(base_url=urls["booking"], timeout=10, headers=admin) as booking,
        ):
            tenant_id = await _admitted_tenant(tenancy, booking)
            yield Drill(platform, tenancy, booking, tenant_id)
