"""Guarantees the database gives leases: never two signed leases of a unit overlapping, even
when signed concurrently; each expiry notice exactly once, even with two instances running,
telling the days really left; a unit leased as long as a lease holds it."""

import asyncio
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from contracts.tenancy import Site, UnitStatus
from services.tenancy.adapters.lease_repository import LeaseOverlap
from services.tenancy.adapters.tables import lease_notices, outbox
from services.tenancy.domain.lease import WIB
from services.tenancy.entrypoints.jobs import lease_calendar_job
from services.tenancy.service_layer import leases, occupancy, units
from services.tenancy.service_layer.lease_calendar import count_overdue_notices
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.runtime.periodic_jobs import run_job_once
from tests.integration.test_tenancy_events import (
    active_tenant,
    engine,
    published,
    run_calendar,
    signed_lease,
    today,
    vacant_unit,
)
from tests.outbox_relaying import running_relay

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


def _wib_morning(day: date) -> datetime:
    return datetime.combine(day, time(8), WIB).astimezone(UTC)


async def _expiry_notices(engine, lease_id) -> tuple[list[int], list[tuple[int, str]]]:
    """The thresholds claimed for the lease, and (days_left, ends_on) of each notice written."""
    async with engine.connect() as conn:
        thresholds = await conn.scalars(
            sa.select(lease_notices.c.days_left).where(lease_notices.c.lease_id == lease_id)
        )
        data = outbox.c.payload["data"]
        notices = await conn.execute(
            sa.select(data["days_left"].as_integer(), data["ends_on"].as_string()).where(
                outbox.c.type == "id.bitc.lease.expiring.v1",
                data["lease_id"].as_string() == str(lease_id),
            )
        )
        return sorted(thresholds.all()), [tuple(row) for row in notices.all()]


async def test_a_lease_renewed_past_a_threshold_is_told_the_days_really_left(engine):
    """Renewed on 2026-12-07 to 2027-01-01 (25 days): the 30-day notice says 25, once."""
    tenant, unit = await active_tenant(engine), await vacant_unit(engine)
    day = today()
    lease = await signed_lease(engine, tenant.id, unit.id, day - timedelta(days=300), day)
    await leases.renew_lease(
        TenancyUnitOfWork(engine),
        lease.id,
        ends_on=day + timedelta(days=25),
        monthly_rent_idr=None,
        actor="staff",
    )
    job = lease_calendar_job(interval_s=60)
    for _ in range(2):
        await run_job_once(job, TenancyUnitOfWork(engine), _wib_morning(day))

    renewed_to = (day + timedelta(days=25)).isoformat()
    assert await _expiry_notices(engine, lease.id) == ([30], [(25, renewed_to)])


async def test_a_lease_ending_in_six_days_is_told_six_not_seven(engine):
    tenant, unit = await active_tenant(engine), await vacant_unit(engine)
    day, last = today(), today() + timedelta(days=6)
    lease = await signed_lease(engine, tenant.id, unit.id, day - timedelta(days=300), last)

    await run_job_once(
        lease_calendar_job(interval_s=60), TenancyUnitOfWork(engine), _wib_morning(day)
    )

    assert await _expiry_notices(engine, lease.id) == ([7], [(6, last.isoformat())])


async def _unit_status(engine, unit_id) -> UnitStatus:
    return (await units.get_unit(TenancyUnitOfWork(engine), unit_id)).status


async def _occupancy(engine, site: Site) -> tuple[int, dict]:
    sites, _ = await occupancy.get_occupancy(TenancyUnitOfWork(engine))
    return sites[site].units_leased, sites[site].tenants_by_kind


async def test_a_unit_terminated_on_notice_stays_leased_through_the_last_day(infra, engine):
    """Notice given today, last day in ten days: the unit is leased (for GET /units and
    occupancy) as long as the lease register refuses another lease of it, and the calendar
    frees it on the day after the last day."""
    tenant, unit = await active_tenant(engine), await vacant_unit(engine)
    day, last = today(), today() + timedelta(days=10)
    lease = await signed_lease(
        engine, tenant.id, unit.id, day - timedelta(days=100), day + timedelta(days=200)
    )
    before = await _occupancy(engine, Site.BITC)
    async with running_relay(infra):
        await leases.terminate_lease(
            TenancyUnitOfWork(engine), lease.id, notice_given_on=day, ends_on=last, actor="staff"
        )

        assert await _unit_status(engine, unit.id) is UnitStatus.LEASED
        assert await _occupancy(engine, Site.BITC) == before
        taken = await _draft(
            engine, tenant.id, unit.id, day + timedelta(days=1), last + timedelta(days=30)
        )
        with pytest.raises(LeaseOverlap):
            await leases.sign_lease(TenancyUnitOfWork(engine), taken.id, actor="staff")
        await run_calendar(engine, _wib_morning(last))
        assert await _unit_status(engine, unit.id) is UnitStatus.LEASED

        await run_calendar(engine, _wib_morning(last + timedelta(days=1)))
        assert await _unit_status(engine, unit.id) is UnitStatus.VACANT
        unit_events = await published(infra, unit.id, 3)
    assert [(e["data"]["previous_status"], e["data"]["status"]) for e in unit_events] == [
        (None, "vacant"),
        ("vacant", "leased"),
        ("leased", "vacant"),
    ]


async def test_a_termination_whose_last_day_is_past_frees_the_unit_at_once(engine):
    tenant, unit = await active_tenant(engine), await vacant_unit(engine)
    day = today()
    lease = await signed_lease(engine, tenant.id, unit.id, day - timedelta(days=100), day)
    await leases.terminate_lease(
        TenancyUnitOfWork(engine),
        lease.id,
        notice_given_on=day - timedelta(days=30),
        ends_on=day - timedelta(days=1),
        actor="staff",
    )
    assert await _unit_status(engine, unit.id) is UnitStatus.VACANT


async def test_the_calendar_leaves_leased_a_unit_let_again_from_the_day_after(engine):
    first, second, unit = (
        await active_tenant(engine),
        await active_tenant(engine),
        await vacant_unit(engine),
    )
    day, last = today(), today() + timedelta(days=10)
    lease = await signed_lease(
        engine, first.id, unit.id, day - timedelta(days=100), day + timedelta(days=200)
    )
    await leases.terminate_lease(
        TenancyUnitOfWork(engine), lease.id, notice_given_on=day, ends_on=last, actor="staff"
    )
    await signed_lease(
        engine, second.id, unit.id, last + timedelta(days=1), last + timedelta(days=365)
    )

    await run_calendar(engine, _wib_morning(last + timedelta(days=1)))

    assert await _unit_status(engine, unit.id) is UnitStatus.LEASED
