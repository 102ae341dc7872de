"""The SQL one booking over HTTP makes the booking service issue, read from PostgreSQL's own
statement log on a throwaway platform: how the asyncpg baseline of bench/booking_baseline.py
was derived, and how to check it still matches after the booking path changes.

    .venv/bin/python -m bench.sql_trace
"""

import asyncio
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx

from bench.bench_platform import BenchPlatform, bench_platform
from bench.fleet import make_fleet

_LOG_ALL = ("log_statement = 'all'", "log_line_prefix = '%m [%p] %u '")
_STAMPED = re.compile(r"^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] (\w+) ")
_LOG_DEFAULT = ("log_statement", "log_line_prefix")


async def _configure(platform: BenchPlatform, settings: tuple[str, ...], reset: bool) -> None:
    conn = await asyncpg.connect(platform.admin_dsn)
    try:
        for setting in settings:
            await conn.execute(f"ALTER SYSTEM {'RESET' if reset else 'SET'} {setting}")
        # A reload reaches the sessions already open in the services' pools too.
        await conn.execute("SELECT pg_reload_conf()")
    finally:
        await conn.close()


async def trace_one_booking(platform: BenchPlatform) -> list[str]:
    """The booking role's log lines while one booking is made, a warm-up booking first."""
    fleet = await make_fleet(platform)
    tenant, log = fleet.tenants[0], platform.stack.log_path("postgres")
    headers = {"Authorization": f"Bearer {tenant.token}"}
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    async with httpx.AsyncClient(base_url=platform.url("booking"), headers=headers) as client:
        for n in range(2):
            if n == 1:
                await _configure(platform, _LOG_ALL, reset=False)
                await asyncio.sleep(1)
                seen = log.stat().st_size
            period = starts + timedelta(hours=n)
            body = {
                "space_id": fleet.rooms[0],
                "tenant_id": tenant.id,
                "starts_at": period.isoformat(),
                "ends_at": (period + timedelta(minutes=30)).isoformat(),
            }
            answer = await client.post(
                "/bookings", json=body, headers={"Idempotency-Key": str(uuid.uuid4())}
            )
            answer.raise_for_status()
    await asyncio.sleep(1)
    await _configure(platform, _LOG_DEFAULT, reset=True)
    with log.open(encoding="utf-8", errors="replace") as lines:
        lines.seek(seen)
        return [entry for entry in _entries(lines) if _STAMPED.match(entry).group(1) == "booking"]


def _entries(lines: Iterable[str]) -> list[str]:
    """Log entries with their continuation lines (a long statement spans several) joined."""
    entries: list[str] = []
    for line in lines:
        if _STAMPED.match(line) or not entries:
            entries.append(line.rstrip())
        else:
            entries[-1] += " " + line.strip()
    return [entry for entry in entries if _STAMPED.match(entry)]


async def main() -> None:
    async with bench_platform() as platform:
        for line in await trace_one_booking(platform):
            print(line)


if __name__ == "__main__":
    asyncio.run(main())
