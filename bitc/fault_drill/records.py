"""What the platform really holds, read straight from PostgreSQL (as the superuser, across every
service's schema) and from the services' health and metrics endpoints."""

from collections import Counter
from collections.abc import Iterable

import asyncpg
import httpx
from prometheus_client.parser import text_string_to_metric_families

from bitc.provision import SERVICES
from contracts.booking import BookingConfirmed
from shared.messaging.outbox_store import RelayOutbox

BOOKING_CONSUMER = "notifications.booking-events"


async def committed_bookings(conn: asyncpg.Connection, space_id: str) -> set[str]:
    rows = await conn.fetch("SELECT id::text FROM booking.bookings WHERE space_id = $1", space_id)
    return {row["id"] for row in rows}


async def confirmation_events(
    conn: asyncpg.Connection, booking_ids: Iterable[str]
) -> dict[str, str]:
    """booking id -> id of its booking.confirmed event, as the booking outbox recorded it."""
    rows = await conn.fetch(
        "SELECT aggregate_id, id::text FROM booking.outbox "
        "WHERE type = $1 AND aggregate_id = ANY($2::text[])",
        BookingConfirmed.cloudevent_type(),
        list(booking_ids),
    )
    return {row["aggregate_id"]: row["id"] for row in rows}


async def confirmations_notified(conn: asyncpg.Connection) -> Counter[str]:
    """booking id -> how many booking_confirmed notifications exist for it, platform-wide."""
    rows = await conn.fetch(
        "SELECT details->>'booking_id' AS booking_id, count(*) AS n "
        "FROM notifications.notifications WHERE category = 'booking_confirmed' "
        "GROUP BY 1"
    )
    return Counter({row["booking_id"]: row["n"] for row in rows})


async def all_bookings(conn: asyncpg.Connection) -> set[str]:
    return {row["id"] for row in await conn.fetch("SELECT id::text FROM booking.bookings")}


async def outbox_leftovers(conn: asyncpg.Connection) -> dict[str, int]:
    """Per service, outbox rows not published: still pending, or parked for an operator."""
    leftovers = {}
    for schema in SERVICES:
        figures = await RelayOutbox(schema).figures(conn)
        leftovers[schema] = figures.pending + figures.parked
    return leftovers


async def handled(conn: asyncpg.Connection, event_ids: Iterable[str]) -> int:
    """How many of these events the notifications booking consumer recorded in its inbox."""
    found: int = await conn.fetchval(
        "SELECT count(*) FROM notifications.inbox WHERE consumer = $1 AND event_id = ANY($2)",
        BOOKING_CONSUMER,
        list(event_ids),
    )
    return found


async def duplicates_suppressed(notifications_url: str, headers: dict[str, str]) -> float:
    """inbox_duplicates_total of the booking consumer, as the running process counts it."""
    return await metric_value(
        notifications_url, headers, "inbox_duplicates_total", consumer=BOOKING_CONSUMER
    )


async def metric_value(
    service_url: str, headers: dict[str, str], name: str, **labels: str
) -> float:
    """A sample of the service's /metrics (the first whose labels include ``labels``), or 0."""
    async with httpx.AsyncClient(base_url=service_url, headers=headers, timeout=5) as client:
        response = await client.get("/metrics")
        response.raise_for_status()
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name == name and labels.items() <= sample.labels.items():
                return sample.value
    return 0.0


async def inbox_size(conn: asyncpg.Connection) -> int:
    """Events the notifications booking consumer has recorded as handled, all time."""
    size: int = await conn.fetchval(
        "SELECT count(*) FROM notifications.inbox WHERE consumer = $1", BOOKING_CONSUMER
    )
    return size


async def unpublished(conn: asyncpg.Connection, schema: str) -> int:
    return (await RelayOutbox(schema).figures(conn)).pending


async def readiness(service_url: str) -> int:
    """The HTTP status of the service's /health/ready."""
    async with httpx.AsyncClient(base_url=service_url, timeout=5) as client:
        return (await client.get("/health/ready")).status_code


async def pending_outbox_rows(
    conn: asyncpg.Connection, schema: str, aggregate_ids: Iterable[str]
) -> list[asyncpg.Record]:
    """Unpublished outbox rows of these aggregates in publication order, shaped as the relay
    reads them, so they can go through the relay's own send_batch."""
    return await RelayOutbox(schema).unpublished_of(conn, aggregate_ids)
