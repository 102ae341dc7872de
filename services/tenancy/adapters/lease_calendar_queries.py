"""What the overdue-notice gauge is computed from, read straight from the tables."""

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from services.tenancy.adapters.tables import lease_notices, leases


async def active_leases_ending_by(
    connection: AsyncConnection, day: date
) -> list[tuple[uuid.UUID, date]]:
    query = sa.select(leases.c.id, leases.c.ends_on).where(
        leases.c.state == "active", leases.c.ends_on <= day
    )
    return [(lease_id, ends_on) for lease_id, ends_on in await connection.execute(query)]


async def notices_sent_for_active_leases(
    connection: AsyncConnection, day: date
) -> set[tuple[uuid.UUID, date, int]]:
    query = (
        sa.select(lease_notices.c.lease_id, lease_notices.c.ends_on, lease_notices.c.days_left)
        .join(leases, leases.c.id == lease_notices.c.lease_id)
        .where(leases.c.state == "active", leases.c.ends_on <= day)
    )
    return {
        (lease_id, ends_on, days) for lease_id, ends_on, days in await connection.execute(query)
    }
