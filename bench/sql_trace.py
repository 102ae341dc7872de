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
from bench.slots import SLOT

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


async def _book(client: httpx.AsyncClient, room: str, tenant: str, starts: datetime) -> None:
    body = {"space_id": room, "tenant_id": tenant}
    body |= {"starts_at": starts.isoformat(), "ends_at": (starts + SLOT).isoformat()}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    (await client.post("/bookings", json=body, headers=key)).raise_for_status()


async def trace_one_booking(platform: BenchPlatform) -> list[str]:
    """The booking role's log entries while one booking is made (its relay's among them),
    after a first booking that warmed the service up unlogged."""
    fleet = await make_fleet(platform)
    tenant, room, log = fleet.tenants[0], fleet.rooms[0], platform.stack.log_path("postgres")
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    headers = {"Authorization": f"Bearer {tenant.token}"}
    async with httpx.AsyncClient(base_url=platform.url("booking"), headers=headers) as client:
        await _book(client, room, tenant.id, starts)
        await _configure(platform, _LOG_ALL, reset=False)
        # The server signals its sessions to reload; each does so before its next statement.
        await asyncio.sleep(1)
        seen = log.stat().st_size
        await _book(client, room, tenant.id, starts + timedelta(hours=1))
    await _configure(platform, _LOG_DEFAULT, reset=True)
    with log.open(encoding="utf-8", errors="replace") as lines:
        lines.seek(seen)
        return [entry for entry in _entries(lines) if _role(entry) == "booking"]


def _role(entry: str) -> str | None:
    stamped = _STAMPED.match(entry)
    return stamped.group(1) if stamped else None


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
