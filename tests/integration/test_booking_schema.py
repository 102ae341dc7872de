"""The booking migrations downgrade and upgrade cleanly over existing data, and the no-overlap
guarantee holds on the held span (buffers included) after the round trip."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command

from services.booking.adapters.tables import bookings
from shared.db import create_engine
from shared.migrations import alembic_config

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
