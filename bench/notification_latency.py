"""Commit → notification: bookings fired over HTTP at fixed instants (open loop: a slow answer
never delays the next request, as wrk's closed loop would), then, from the database, the time
from each booking's creation to the first notification row notifications made of its event."""

import asyncio
import time
import uuid
from collections import Counter
from dataclasses import dataclass

import asyncpg
import httpx

from bench.closed_loop import percentiles
from bench.fleet import Fleet
from bench.slots import SLOT, first_day, slot
from bitc.fault_drill.waiting import settle

_DELAYS = """
SELECT extract(epoch FROM min(n.created_at) - b.created_at)
FROM booking.bookings b
JOIN notifications.notifications n ON n.details ->> 'booking_id' = b.id::text
WHERE b.id = ANY($1::uuid[])
GROUP BY b.id, b.created_at
"""


@dataclass(frozen=True)
class LatencyResult:
    booked: int
    errors: Counter[str]  # by kind: "HTTP 503", "ReadTimeout"
    achieved_per_s: float
    p50_ms: float
    p99_ms: float


async def _fire(client: httpx.AsyncClient, fleet: Fleet, rate: float, seconds: float) -> list:
    tokens = {t.id: {"Authorization": f"Bearer {t.token}"} for t in fleet.tenants}
    first, count = first_day("latency"), int(rate * seconds)

    async def book(g: int) -> httpx.Response | httpx.HTTPError:
        room, tenant, starts = slot(g, fleet, first)
        body = {"space_id": room, "tenant_id": tenant}
        body |= {"starts_at": starts.isoformat(), "ends_at": (starts + SLOT).isoformat()}
        headers = tokens[tenant] | {"Idempotency-Key": str(uuid.uuid4())}
        try:
            return await client.post("/bookings", json=body, headers=headers)
        except httpx.HTTPError as exc:
            return exc

    started, fired = time.perf_counter(), []
    for g in range(count):
        await asyncio.sleep(max(0.0, started + g / rate - time.perf_counter()))
        fired.append(asyncio.create_task(book(g)))
    return list(await asyncio.gather(*fired))


async def commit_to_notification(
    booking_url: str, admin_dsn: str, fleet: Fleet, rate: float, seconds: float
) -> LatencyResult:
    # Idle connections are dropped well before uvicorn's 5 s keep-alive ends: a request sent on
    # one the server is closing at that instant fails with ReadError, a client artefact.
    limits = httpx.Limits(max_connections=256, keepalive_expiry=1)
    started = time.perf_counter()
    # Generous: when the offered rate outruns the platform, requests queue; they are late, not lost.
    async with httpx.AsyncClient(base_url=booking_url, timeout=300, limits=limits) as client:
        answers = await _fire(client, fleet, rate, seconds)
    elapsed = time.perf_counter() - started
    booked = [a.json()["id"] for a in answers if isinstance(a, httpx.Response) and a.is_success]
    conn = await asyncpg.connect(admin_dsn)
    try:
        delays = await settle(
            lambda: conn.fetch(_DELAYS, booked),
            lambda rows: len(rows) == len(booked),
            within_s=300,
            what="a notification for every booking",
        )
    finally:
        await conn.close()
    p50, _, p99 = percentiles([float(row[0]) for row in delays])
    errors = Counter(_kind(a) for a in answers if not isinstance(a, httpx.Response) or a.is_error)
    return LatencyResult(len(booked), errors, len(booked) / elapsed, p50, p99)


def _kind(answer: httpx.Response | httpx.HTTPError) -> str:
    if isinstance(answer, httpx.Response):
        return f"HTTP {answer.status_code}"
    return type(answer).__name__
