"""The baseline of booking creation: the transaction the booking service runs for one booking
(as its PostgreSQL statement log shows it: python -m bench.sql_trace), issued directly with
asyncpg from as many connections as the HTTP run has clients, each a fresh booking of its own
slot. Its outbox row is stored already published: the baseline measures the database's share,
and its events must not reach the services measured after it."""

import itertools
import json
import uuid
from datetime import datetime

import asyncpg

from bench.closed_loop import LoopResult, closed_loop
from bench.fleet import Fleet
from bench.slots import SLOT, slot

_STATEMENTS = (
    "INSERT INTO booking.idempotency_keys (key, fingerprint) VALUES ($1, $2) "
    "ON CONFLICT DO NOTHING RETURNING key",
    "SELECT s.id, s.site, s.code, s.name, s.type, s.capacity, s.active, s.amenities, "
    "s.opening_hours, s.rule_overrides, r.rules AS type_rules FROM booking.spaces s "
    "LEFT OUTER JOIN booking.type_rules r ON r.space_type = s.type WHERE s.id = $1",
    "SELECT tenant_id, standing, kind, plan_code, updated_at, entitlements, entitlements_at, "
    "no_show_count, sponsor_agency, sponsor_at FROM booking.tenant_standings WHERE tenant_id = $1",
    "SELECT id, site, space_id, starts_at, ends_at, reason, created_at FROM booking.closures "
    "WHERE starts_at < $1 AND ends_at > $2 AND site = $3 ORDER BY starts_at",
    "INSERT INTO booking.quota_usage (tenant_id, space_type, month) VALUES ($1, $2, $3) "
    "ON CONFLICT (tenant_id, space_type, month) DO UPDATE "
    "SET used_minutes = booking.quota_usage.used_minutes RETURNING used_minutes",
    "INSERT INTO booking.bookings (id, space_id, tenant_id, starts_at, ends_at, status, "
    "created_at, attendees, blocked_from, blocked_until, series_id, status_reason, "
    "charged_minutes, checked_in_at, revision, updated_at) VALUES ($1, $2, $3, $4, $5, "
    "'confirmed', $6, 1, $4, $5, NULL, NULL, 30, NULL, 0, NULL) "
    "ON CONFLICT DO NOTHING RETURNING id",
    "UPDATE booking.quota_usage SET used_minutes = used_minutes + 30 "
    "WHERE tenant_id = $1 AND space_type = $2 AND month = $3",
    "UPDATE booking.idempotency_keys SET resource_id = $1 WHERE key = $2",
    "INSERT INTO booking.outbox (id, aggregate_type, aggregate_id, type, topic, payload, "
    "headers, tombstone, published_at) VALUES ($1, 'booking', $2, "
    "'id.bitc.booking.confirmed.v1', 'bitc.booking.events.v1', $3::jsonb, $4::jsonb, false, now())",
)


def _event(booking_id: uuid.UUID, room: str, tenant: str, starts: datetime) -> str:
    data = {"booking_id": str(booking_id), "space_id": room, "tenant_id": tenant, "site": "bitc"}
    data |= {"starts_at": starts.isoformat(), "ends_at": (starts + SLOT).isoformat()}
    return json.dumps({"id": str(uuid.uuid4()), "type": "booking.confirmed", "data": data})


async def _book(conn: asyncpg.Connection, room: str, tenant: str, starts: datetime) -> None:
    (idem, space, standing, closures, quota, insert, charge, located,
     outbox) = _STATEMENTS  # fmt: skip
    key, booking_id, now = str(uuid.uuid4()), uuid.uuid4(), datetime.now(starts.tzinfo)
    space_id, tenant_id, month = uuid.UUID(room), uuid.UUID(tenant), starts.strftime("%Y-%m")
    ends = starts + SLOT
    async with conn.transaction():
        await conn.fetchval(idem, key, "f" * 64)
        await conn.fetchrow(space, space_id)
        await conn.fetchrow(standing, tenant_id)
        await conn.fetch(closures, ends, starts, "bitc")
        await conn.fetchval(quota, tenant_id, "meeting_room", month)
        await conn.fetchval(insert, booking_id, space_id, tenant_id, starts, ends, now)
        await conn.execute(charge, tenant_id, "meeting_room", month)
        await conn.execute(located, str(booking_id), key)
        event = _event(booking_id, room, tenant, starts)
        await conn.execute(outbox, uuid.uuid4(), str(booking_id), event, "{}")


async def raw_bookings(
    dsn_args: dict, fleet: Fleet, first_day: datetime, connections: int, seconds: float
) -> LoopResult:
    """Bookings of distinct slots from ``first_day`` on (a day range no HTTP run uses)."""
    counter = itertools.count()

    async def one(conn: asyncpg.Connection) -> None:
        await _book(conn, *slot(next(counter), fleet, first_day))

    return await closed_loop(dsn_args, one, connections, seconds)
