"""Row 1: booking creation over HTTP with wrk at a given number of clients, the CPU each
service spent per booking (until notifications had handled every booking's event), and the
same transactions issued directly with asyncpg at the same concurrency, with the CPU this
process spent per transaction doing so: the least a Python process driving that SQL spends."""

import uuid
from datetime import datetime
from pathlib import Path

import asyncpg
import psutil

from bench.bench_platform import MEASURED, BenchPlatform
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
    """wrk's figures, and the CPU ms per booking made of each service and of the rest of the
    platform."""
    services, supporting = platform.processes(), platform.supporting_processes()

    def reading() -> CpuReading:
        return CpuReading.of(services) | CpuReading.of_trees(supporting)

    first = str(epoch(first_day(f"c{clients}")))
    args = [str(fleet_file), first, str(threads_for(clients)), uuid.uuid4().hex[:8]]
    since, before = await _database_now(platform.admin_dsn), reading()
    http = await run_wrk(platform.url("booking"), "booking.lua", clients, seconds, args)
    await _notified(platform.admin_dsn, since)
    return http, before.ms_per(reading(), http.ok)


async def _raw(
    platform: BenchPlatform, fleet: Fleet, clients: int, seconds: float
) -> tuple[LoopResult, dict[str, float]]:
    """The baseline's figures, and the CPU ms per transaction of this process (the client)
    and of the rest of the platform (PostgreSQL's work; the others idle meanwhile)."""
    connect_args = asyncpg_connect_args(platform.running.database_urls["booking"])
    me, supporting = {"client": psutil.Process()}, platform.supporting_processes()

    def reading() -> CpuReading:
        return CpuReading.of(me) | CpuReading.of_trees(supporting)

    before = reading()
    raw = await raw_bookings(connect_args, fleet, first_day("raw", clients), clients, seconds)
    return raw, before.ms_per(reading(), raw.done)


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
        *_cpu_lines(row, cpu, raw_cpu),
    ]


def _cpu_lines(row: str, cpu: dict[str, float], raw_cpu: dict[str, float]) -> list[Line]:
    """A line per process: the services beside the asyncpg client, the rest of the platform
    beside itself in the asyncpg run; then the whole platform's CPU per booking, and the most
    bookings a second this machine's cores could serve at that cost."""
    lines = []
    for name, ms in cpu.items():
        if name in MEASURED:
            baseline, what = raw_cpu["client"], f"{name} (baseline: asyncpg client)"
        else:
            baseline, what = raw_cpu[name], f"{name} (baseline: in the asyncpg run)"
        lines.append(
            Line(row, f"CPU ms/booking: {what}", number(ms), number(baseline), ratio(ms, baseline))
        )
    total, cores = sum(cpu.values()), psutil.cpu_count() or 1
    ceiling = f"≤ {number(cores * 1000 / total)} bookings/s on {cores} cores"
    lines.append(Line(row, "CPU ms/booking: the whole platform", number(total), ceiling))
    return lines


async def _database_now(admin_dsn: str) -> datetime:
    conn = await asyncpg.connect(admin_dsn)
    try:
        now: datetime = await conn.fetchval("SELECT now()")
        return now
    finally:
        await conn.close()
