"""The baseline of the availability read: the queries the booking service runs to answer one
space's free intervals over a week (the space, its type's rules and its own overrides, the
site's closures over the week, the spans held by live bookings), in one transaction as its
unit of work reads, issued directly with asyncpg, each room of the site in turn."""

import itertools
import uuid
from datetime import datetime

import asyncpg

from bench.closed_loop import LoopResult, closed_loop
from bench.fleet import SITE, Fleet

_SPACE = (
    "SELECT id, site, code, name, type, capacity, active, amenities, opening_hours, "
    "rule_overrides FROM booking.spaces WHERE id = $1"
)
_TYPE_RULES = "SELECT rules FROM booking.type_rules WHERE space_type = $1"
_OVERRIDES = "SELECT rule_overrides FROM booking.spaces WHERE id = $1"
_CLOSURES = (
    "SELECT id, site, space_id, starts_at, ends_at, reason, created_at FROM booking.closures "
    "WHERE starts_at < $1 AND ends_at > $2 AND site = $3 ORDER BY starts_at"
)
_HELD = (
    "SELECT blocked_from, blocked_until FROM booking.bookings WHERE space_id = $1 "
    "AND status IN ('requested', 'confirmed', 'checked_in') "
    "AND blocked_from < $2 AND blocked_until > $3"
)


async def raw_availability(
    connect_args: dict, fleet: Fleet, week: tuple[datetime, datetime], connections: int,
    seconds: float,
) -> LoopResult:  # fmt: skip
    rooms = itertools.cycle([uuid.UUID(room) for room in fleet.rooms])
    starts, ends = week

    async def one(conn: asyncpg.Connection) -> None:
        room = next(rooms)
        async with conn.transaction():
            space = await conn.fetchrow(_SPACE, room)
            await conn.fetchval(_TYPE_RULES, space["type"])
            await conn.fetchval(_OVERRIDES, room)
            await conn.fetch(_CLOSURES, ends, starts, SITE)
            await conn.fetch(_HELD, room, ends, starts)

    return await closed_loop(connect_args, one, connections, seconds)
