"""Row 5: a week of free intervals of every room of the site, each room in turn, over HTTP with
wrk (the console's page of a space asks exactly this), beside the same queries with asyncpg."""

from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from bench.availability_baseline import raw_availability
from bench.bench_platform import BenchPlatform
from bench.fleet import Fleet
from bench.slots import first_day
from bench.table import Line, number, ratio, triple
from bench.wrk_runner import run_wrk
from shared.persistence.db import asyncpg_connect_args

CLIENTS = 16


def next_week() -> tuple[datetime, datetime]:
    """Monday to Monday (WIB) of the week the first booking runs fill: a calendar with bookings."""
    day = first_day("c1")
    monday = day + timedelta(days=(7 - day.weekday()) % 7)
    return monday, monday + timedelta(days=7)


async def availability_rows(
    platform: BenchPlatform, fleet: Fleet, fleet_file: Path, seconds: float
) -> list[Line]:
    week = next_week()
    query = urlencode({"starts_at": week[0].isoformat(), "ends_at": week[1].isoformat()})
    url = platform.url("booking")
    http = await run_wrk(url, "availability.lua", CLIENTS, seconds, [str(fleet_file), query])
    connect_args = asyncpg_connect_args(platform.running.database_urls["booking"])
    raw = await raw_availability(connect_args, fleet, week, CLIENTS, seconds)
    row = f"5. a room's week free, {len(fleet.rooms)} rooms in turn, {CLIENTS} clients"
    per_s = http.ok / http.seconds
    return [
        Line(
            row,
            "requests/s (baseline: asyncpg)",
            number(per_s),
            number(raw.per_s),
            ratio(per_s, raw.per_s),
        ),
        Line(
            row,
            "p50 / p95 / p99 ms",
            triple((http.p50_ms, http.p95_ms, http.p99_ms)),
            triple((raw.p50_ms, raw.p95_ms, raw.p99_ms)),
        ),
        Line(row, "errors", str(http.errors + http.conflicts), str(raw.errors)),
    ]
