"""Guarantees the database gives leases: never two signed leases of a unit overlapping, even
when signed concurrently; each expiry notice exactly once, even with two instances running."""

import asyncio
from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from contracts.tenancy import UnitStatus
from services.tenancy.adapters.lease_repository import LeaseOverlap
from services.tenancy.adapters.tables import lease_notices, outbox
from services.tenancy.domain.lease import WIB
from services.tenancy.service_layer import leases, units
from services.tenancy.service_layer.lease_calendar import count_overdue_notices, lease_calendar_job
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.periodic_jobs import run_job_once
from tests.integration.test_tenancy_events import (
    active_tenant,
    engine,
    signed_lease,
    today,
    vacant_unit,
)

pytestmark = pytest.mark.integration
__all__ = ["engine"]  # the fixture, used by name


async def _draft(engine, tenant_id, unit_id, starts_on, ends_on):
    return await leases.draft_lease(
        TenancyUnitOfWork(engine),
        tenant_id=tenant_id,
        unit_id=unit_id,
        starts_on=starts_on,
        ends_on=ends_on,
        monthly_rent_idr=None,
        deposit_idr=0,
        actor="staff",
    )


async def test_of_concurrent_signings_of_overlapping_leases_exactly_one_wins(engine):
    unit = await vacant_unit(engine)
    start = today() + timedelta(days=10)
    drafts = []
    for offset in range(5):
        tenant = await active_tenant(engine)
        begins = start + timedelta(days=30 * offset)
        drafts.append(
            await _draft(engine, tenant.id, unit.id, begins, begins + timedelta(days=365))
        )

    outcomes = await asyncio.gather(
        *(leases.sign_lease(TenancyUnitOfWork(engine), d.id, actor="staff") for d in drafts),
        return_exceptions=True,
    )

    won = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(won) == 1, outcomes
    assert all(isinstance(o, LeaseOverlap) for o in outcomes if o not in won)
    assert (await units.get_unit(TenancyUnitOfWork(engine), unit.id)).status is UnitStatus.LEASED
    losers = [d for d in drafts if d.id != won[0].id]
    for lost in losers:
        assert (await leases.get_lease(TenancyUnitOfWork(engine), lost.id)).state.value == "draft"


async def test_leases_of_a_unit_that_only_touch_both_sign(engine):
    unit = await vacant_unit(engine)
    first_end = today() + timedelta(days=100)
    first = await _draft(engine, (await active_tenant(engine)).id, unit.id, today(), first_end)
    then = await _draft(
        engine,
        (await active_tenant(engine)).id,
        unit.id,
        first_end + timedelta(days=1),
        first_end + timedelta(days=200),
    )
    overlapping = await _draft(
        engine, (await active_tenant(engine)).id, unit.id, first_end, first_end + timedelta(days=5)
    )
    await leases.sign_lease(TenancyUnitOfWork(engine), first.id, actor="staff")
    await leases.sign_lease(TenancyUnitOfWork(engine), then.id, actor="staff")
    with pytest.raises(LeaseOverlap):
        await leases.sign_lease(TenancyUnitOfWork(engine), overlapping.id, actor="staff")


async def _notices(engine, lease_id) -> list[tuple[int, int]]:
    """(days_left, outbox rows) for each notice claimed for the lease."""
    async with engine.connect() as conn:
        claimed = await conn.execute(
            sa.select(lease_notices.c.days_left).where(lease_notices.c.lease_id == lease_id)
        )
        rows = await conn.execute(
            sa.select(outbox.c.payload["data"]["days_left"].as_integer(), sa.func.count())
            .where(
                outbox.c.type == "id.bitc.lease.expiring.v1",
                outbox.c.payload["data"]["lease_id"].as_string() == str(lease_id),
            )
            .group_by(sa.literal_column("1"))
        )
        per_notice = dict(rows.all())
    return sorted((days, per_notice.get(days, 0)) for (days,) in claimed)


async def test_each_expiry_notice_is_written_once_with_two_instances_and_reruns(engine):
    tenant = await active_tenant(engine)
    unit = await vacant_unit(engine)
    ends_on = today() + timedelta(days=60)
    lease = await signed_lease(engine, tenant.id, unit.id, today() - timedelta(days=300), ends_on)
    job = lease_calendar_job(interval_s=60)

    def at(days_left: int) -> datetime:
        day = ends_on - timedelta(days=days_left)
        return datetime.combine(day, time(8), WIB).astimezone(UTC)

    async def overdue(days_left: int) -> int:
        async with TenancyUnitOfWork(engine) as uow:
            return await count_overdue_notices(uow, at(days_left))

    # Due but not yet sent is overdue (the gauge behind the LeaseExpiryNoticesOverdue alert).
    owed = await overdue(60)
    assert owed >= 1
    # Two instances at the same moment, then both again: one notice of 60 days.
    for _ in range(2):
        await asyncio.gather(
            *(run_job_once(job, TenancyUnitOfWork(engine), at(60)) for _ in range(2))
        )
    assert await _notices(engine, lease.id) == [(60, 1)]
    assert await overdue(60) == owed - 1
    # Days later (a restart in between changes nothing: the state is in the database).
    for days_left in (45, 30, 29, 7, 3):
        await asyncio.gather(
            *(run_job_once(job, TenancyUnitOfWork(engine), at(days_left)) for _ in range(2))
        )
    assert await _notices(engine, lease.id) == [(7, 1), (30, 1), (60, 1)]
