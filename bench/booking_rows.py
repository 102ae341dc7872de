"""Row 1: booking creation over HTTP with wrk at a given number of clients, the CPU each
service spent per booking (until notifications had handled every booking's event), and the
same transactions issued directly with asyncpg at the same concurrency, with the CPU this
process spent per transaction doing so: the least a Python process driving that SQL spends."""

import uuid
from datetime import datetime
from pathlib import Path

import asyncpg
import psutil

from bench.bench_platform import BenchPlatform
from bench.booking_baseline import raw_bookings
from bench.closed_loop import LoopResult
from bench.fleet import Fleet
from bench.process_usage import CpuReading
from bench.slots import epoch, first_day
from bench.table import Line, number, ratio, triple
from bench.wrk_runner import WrkResult, run_wrk, threads_for
from bitc.fault_drill.waiting import settle
from shared.persistence.db import asyncpg_connect_args

_UNNOTIFIED = """
SELECT count(*) FROM booking.bookings b
WHERE b.created_at >= $1 AND NOT EXISTS (
    SELECT 1 FROM notifications.notifications n WHERE n.details ->> 'booking_id' = b.id::text)
"""


async def _notified(admin_dsn: str, since: datetime) -> None:
    """Every booking made since ``since`` has its notification: the pipeline's work is done."""
    conn = await asyncpg.connect(admin_dsn)
    try:
        await settle(
            lambda: conn.fetchval(_UNNOTIFIED, since),
            lambda left: left == 0,
            within_s=300,
            what="notifications for every booking of the run",
        )
    finally:
        await conn.close()


async def warm_up(platform: BenchPlatform, fleet_file: Path) -> None:
    """A second of bookings first, so that no row pays for the services' first requests
    (connections opened, statements prepared)."""
    args = [str(fleet_file), str(epoch(first_day("warm-up"))), "2", uuid.uuid4().hex[:8]]
    await run_wrk(platform.url("booking"), "booking.lua", 4, 1, args)


async def _over_http(
    platform: BenchPlatform, fleet_file: Path, clients: int, seconds: float
) -> tuple[WrkResult, dict[str, float]]:
    """wrk's figures, and each service's CPU ms per booking made."""
    processes = platform.processes()
    first = str(epoch(first_day(f"c{clients}")))
    args = [str(fleet_file), first, str(threads_for(clients)), uuid.uuid4().hex[:8]]
    since, before = await _database_now(platform.admin_dsn), CpuReading.of(processes)
    http = await run_wrk(platform.url("booking"), "booking.lua", clients, seconds, args)
    await _notified(platform.admin_dsn, since)
    return http, before.ms_per(CpuReading.of(processes), http.ok)


async def _raw(
    platform: BenchPlatform, fleet: Fleet, clients: int, seconds: float
) -> tuple[LoopResult, float]:
    """The baseline's figures, and this process's CPU ms per transaction."""
    connect_args = asyncpg_connect_args(platform.running.database_urls["booking"])
    me = {"client": psutil.Process()}
    before = CpuReading.of(me)
    raw = await raw_bookings(connect_args, fleet, first_day("raw", clients), clients, seconds)
    return raw, before.ms_per(CpuReading.of(me), raw.done)["client"]


async def booking_rows(
    platform: BenchPlatform, fleet: Fleet, fleet_file: Path, clients: int, seconds: float
) -> list[Line]:
    http, cpu = await _over_http(platform, fleet_file, clients, seconds)
    raw, raw_cpu = await _raw(platform, fleet, clients, seconds)
    row = f"1. booking, {clients} client{'s' if clients > 1 else ''}"
    rates = (number(http.ok_per_s), number(raw.per_s), ratio(http.ok_per_s, raw.per_s))
    return [
        Line(row, "bookings/s (baseline: asyncpg)", *rates),
        Line(
            row,
            "p50 / p95 / p99 ms",
            triple((http.p50_ms, http.p95_ms, http.p99_ms)),
            triple((raw.p50_ms, raw.p95_ms, raw.p99_ms)),
        ),
        Line(row, "errors (409s on purpose)", f"{http.errors} ({http.conflicts})", str(raw.errors)),
        *(
            Line(
                row,
                f"CPU ms/booking: {name} (baseline: asyncpg client)",
                number(ms),
                number(raw_cpu),
                ratio(ms, raw_cpu),
            )
            for name, ms in cpu.items()
        ),
    ]


async def _database_now(admin_dsn: str) -> datetime:
    conn = await asyncpg.connect(admin_dsn)
    try:
        now: datetime = await conn.fetchval("SELECT now()")
        return now
    finally:
        await conn.close()
