"""The booking migrations downgrade and upgrade cleanly over existing data, and the no-overlap
guarantee holds on the held span (buffers included) after the round trip; rows written before
bookings counted their changes read back with the right calendar SEQUENCE."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command

from services.booking.adapters.booking_rows import booking_of, joined
from services.booking.adapters.tables import bookings
from services.booking.entrypoints.http import calendar_rendering
from shared.persistence.db import create_engine
from shared.persistence.migrations import alembic_config
from tests.calendar_reading import read_feed

pytestmark = pytest.mark.integration


async def test_migration_0004_round_trips_and_the_constraint_covers_buffers(infra):
    url = infra.database_urls["booking"]
    config = alembic_config("booking", infra.admin_dsn)
    await asyncio.to_thread(command.downgrade, config, "0003")
    await asyncio.to_thread(command.upgrade, config, "head")

    engine = create_engine(url, 2)
    try:
        async with engine.connect() as conn:
            space_id = await conn.scalar(sa.text("SELECT id FROM booking.spaces LIMIT 1"))
            hours = await conn.scalar(
                sa.text("SELECT opening_hours FROM booking.spaces WHERE code = 'BITC-MUSIC-2'")
            )
            assert hours["tue"] == ["08:00", "22:00"]
            start = datetime(2031, 1, 7, 12, tzinfo=UTC)
            row = {
                "space_id": space_id,
                "tenant_id": space_id,
                "status": "confirmed",
                "created_at": start,
                "starts_at": start,
                "ends_at": start + timedelta(hours=1),
                "blocked_from": start,
                "blocked_until": start + timedelta(hours=1, minutes=30),
            }
            await conn.execute(bookings.insert().values(id=sa.func.gen_random_uuid(), **row))
            # Starts after the first ends, but inside its clean-up buffer.
            later = start + timedelta(hours=1, minutes=15)
            overlapping = row | {
                "starts_at": later,
                "ends_at": later + timedelta(hours=1),
                "blocked_from": later,
                "blocked_until": later + timedelta(hours=1),
            }
            with pytest.raises(sa.exc.IntegrityError, match="bookings_no_overlap"):
                await conn.execute(
                    bookings.insert().values(id=sa.func.gen_random_uuid(), **overlapping)
                )
            await conn.rollback()
    finally:
        await engine.dispose()


async def test_migration_0006_keeps_old_rows_readable_and_bumps_the_ones_feeds_used_to_drop(infra):
    """Rows the code before 0006 wrote (no revision) read back; a booking already cancelled
    then gets SEQUENCE 1 in the feed, one past the copy a calendar app may have kept."""
    config = alembic_config("booking", infra.admin_dsn)
    await asyncio.to_thread(command.downgrade, config, "0005")
    engine = create_engine(infra.database_urls["booking"], 2)
    try:
        async with engine.begin() as conn:
            space_id = await conn.scalar(sa.text("SELECT id FROM booking.spaces LIMIT 1"))
            start = datetime(2031, 2, 4, 12, tzinfo=UTC)
            created = start - timedelta(days=3)
            ids = {}
            for status in ("cancelled", "confirmed"):
                ids[status] = await conn.scalar(
                    sa.text(
                        "INSERT INTO booking.bookings (id, space_id, tenant_id, status, "
                        "created_at, starts_at, ends_at, blocked_from, blocked_until) "
                        "VALUES (gen_random_uuid(), :space, :space, :status, :created, :start, "
                        ":end, :start, :end) RETURNING id"
                    ),
                    {
                        "space": space_id,
                        "status": status,
                        "created": created,
                        "start": start,
                        "end": start + timedelta(hours=1),
                    },
                )
                start += timedelta(hours=2)
        await asyncio.to_thread(command.upgrade, config, "head")

        async with engine.connect() as conn:
            rows = (await conn.execute(joined().where(bookings.c.id.in_(ids.values())))).mappings()
            found = {row["status"]: booking_of(row) for row in rows}
        events = read_feed(calendar_rendering.render("upgraded", found.values()))
        cancelled = events[f"{ids['cancelled']}@booking.bitc"]
        confirmed = events[f"{ids['confirmed']}@booking.bitc"]
        assert (cancelled.status, cancelled.sequence) == ("CANCELLED", 1)
        assert (confirmed.status, confirmed.sequence) == ("CONFIRMED", 0)
        assert cancelled.stamp == confirmed.stamp == created
    finally:
        await engine.dispose()
