"""Commit → notification: wrk books at a steady rate (bench/wrk/paced_booking.lua: an open
loop while a connection is free, so a slow answer does not delay the next request, as a closed
loop would), then, from the database, the time from each booking's creation to the first
notification row notifications made of its event.

wrk, not an in-process client: an HTTP client in Python took about as much CPU per request as
booking itself, on the same two cores, and could not offer 100 bookings/s (docs/performance.md)."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import asyncpg

from bench.closed_loop import percentiles
from bench.fleet import Fleet
from bench.slots import days_of, epoch
from bench.wrk_runner import run_wrk, threads_for
from bitc.fault_drill.waiting import settle

#: Enough that a connection is nearly always free at the rates asked for: each sends every
#: CONNECTIONS / rate seconds (0.32 s at 200/s), so it is late only behind an answer slower.
CONNECTIONS = 64

_DELAYS = """
SELECT extract(epoch FROM min(n.created_at) - b.created_at)
FROM booking.bookings b
JOIN notifications.notifications n ON n.details ->> 'booking_id' = b.id::text
WHERE b.space_id = ANY($1::uuid[]) AND b.starts_at >= $2 AND b.starts_at < $3
GROUP BY b.id, b.created_at
"""
_BOOKED = """
SELECT count(*) FROM booking.bookings
WHERE space_id = ANY($1::uuid[]) AND starts_at >= $2 AND starts_at < $3
"""


async def _booked_and_delays(
    conn: asyncpg.Connection, rooms: list[str], first: datetime, after: datetime
) -> tuple[int, list[asyncpg.Record]]:
    """The run's bookings (its own rooms, its own days) and the delays of those notified, read
    in one snapshot."""
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        booked = await conn.fetchval(_BOOKED, rooms, first, after)
        return booked, await conn.fetch(_DELAYS, rooms, first, after)


@dataclass(frozen=True)
class LatencyResult:
    booked: int
    errors: int  # answers other than 2xx, and connections that failed or timed out
    achieved_per_s: float
    p50_ms: float
    p99_ms: float


async def commit_to_notification(
    booking_url: str, admin_dsn: str, fleet: Fleet, fleet_file: Path, rate: float, seconds: float
) -> LatencyResult:
    first, after = days_of("latency")
    threads = threads_for(CONNECTIONS)
    args = [str(fleet_file), str(epoch(first)), str(threads), uuid.uuid4().hex[:8], str(rate)]
    http = await run_wrk(booking_url, "paced_booking.lua", CONNECTIONS, seconds, args)
    conn = await asyncpg.connect(admin_dsn)
    try:
        # Also the bookings whose answers were still on the way when wrk stopped.
        booked, delays = await settle(
            lambda: _booked_and_delays(conn, fleet.rooms, first, after),
            lambda found: len(found[1]) == found[0],
            within_s=300,
            what="a notification for every booking",
        )
    finally:
        await conn.close()
    p50, _, p99 = percentiles([float(row[0]) for row in delays])
    return LatencyResult(booked, http.errors + http.conflicts, http.ok_per_s, p50, p99)
