"""Helpers for the booking integration tests (no tests here): tenants and spaces of their own,
and days no other test uses, so tests never contend unless they mean to."""

import itertools
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from contracts.booking import Site, SpaceType
from contracts.tenancy import MonthlyQuota, OverQuotaPolicy, PlanEntitlements
from services.booking.adapters.tables import outbox
from services.booking.domain.local_time import WIB
from services.booking.domain.opening_hours import WEEKDAYS, OpeningHours
from services.booking.domain.space import Space
from services.booking.service_layer.unit_of_work import BookingUnitOfWork

_days = itertools.count(3)

#: Rules loose enough that a test decides what it exercises (overridden per test space).
OPEN_RULES = {
    "min_lead_min": 0,
    "max_days_ahead": 400,
    "granularity_min": 15,
    "min_duration_min": 15,
    "buffer_before_min": 0,
    "buffer_after_min": 0,
    "approval_kinds": [],
}


def wib_day(days_ahead: int | None = None) -> datetime:
    """Midnight (Jakarta) of a day no other call returned."""
    ahead = next(_days) if days_ahead is None else days_ahead
    today = datetime.now(WIB).replace(hour=0, minute=0, second=0, microsecond=0)
    return (today + timedelta(days=ahead)).replace(tzinfo=WIB)


async def active_tenant(
    engine,
    *,
    kind: str = "startup",
    quotas: dict[SpaceType, int] | None = None,
    over_quota: OverQuotaPolicy = OverQuotaPolicy.REJECT,
) -> uuid.UUID:
    tenant_id = uuid.uuid4()
    now = datetime.now(UTC)
    async with BookingUnitOfWork(engine) as uow:
        await uow.tenants.record_activated(tenant_id, kind, "test-plan", now)
        if quotas is not None:
            plan = PlanEntitlements(
                plan_code="test-plan",
                quotas=[MonthlyQuota(space_type=t, hours=h) for t, h in quotas.items()],
                bookings_need_approval=False,
                over_quota=over_quota,
            )
            await uow.tenants.record_entitlements(tenant_id, plan, now)
        await uow.commit()
    return tenant_id


async def own_space(
    engine, space_type: SpaceType, opening: tuple[str, str] = ("06:00", "23:00"), **rules: object
) -> uuid.UUID:
    """A space only the calling test books, open every day (06:00-23:00 unless told)."""
    hours = OpeningHours.from_json({day: list(opening) for day in WEEKDAYS})
    async with BookingUnitOfWork(engine) as uow:
        space = Space.create(
            now=datetime.now(UTC),
            site=Site.TECHNO_PARK,
            code=f"TEST-{uuid.uuid4().hex[:10].upper()}",
            name="Test space",
            type=space_type,
            capacity=10,
            active=True,
            opening_hours=hours,
        )
        await uow.spaces.add(space)
        await uow.spaces.set_overrides(space.id, OPEN_RULES | rules)
        await uow.commit()
    return space.id


async def outbox_events(engine, aggregate_id: uuid.UUID) -> list[dict]:
    """The CloudEvents written for an aggregate, in commit order."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            sa.select(outbox.c.payload)
            .where(outbox.c.aggregate_id == str(aggregate_id))
            .order_by(outbox.c.seq)
        )
        return [row.payload for row in rows]
