"""Reserving a space: every rule, the tenant's quota, then the exclusion constraint.

Shared by single bookings, each occurrence of a series and waitlist promotion, so all three
apply exactly the same rules. Runs inside the caller's unit of work.
"""

import uuid
from datetime import datetime, timedelta

from services.booking.domain import booking_policy
from services.booking.domain.booking import Booking
from services.booking.domain.local_time import month_of
from services.booking.domain.period import Period
from services.booking.domain.quota import QuotaAccount
from services.booking.domain.space import Space
from services.booking.domain.tenant_standing import TenantStanding
from services.booking.service_layer.unit_of_work import BookingUnitOfWork


async def reserve(
    uow: BookingUnitOfWork,
    *,
    space: Space,
    tenant: TenantStanding,
    period: Period,
    attendees: int,
    now: datetime,
    series_id: uuid.UUID | None = None,
) -> Booking:
    """A requested or confirmed booking, stored; BookingRuleBroken or BookingConflict if not."""
    rules = await uow.spaces.rules_for(space)
    closures = await uow.closures.meeting(period.starts_at, period.ends_at, space.site)
    booking_policy.admit(
        space=space,
        rules=rules,
        tenant=tenant,
        period=period,
        attendees=attendees,
        closures=closures,
        now=now,
    )
    minutes = int(period.duration / timedelta(minutes=1))
    # The quota row is locked before the insert, so a tenant's bookings take turns on it.
    account = await uow.quotas.lock(
        tenant.tenant_id, space.type, month_of(period.starts_at), tenant.quota_hours(space.type)
    )
    approval = booking_policy.needs_approval(
        rules=rules, tenant=tenant, quota=account, minutes=minutes
    )
    booking = booking_policy.book(
        space=space,
        rules=rules,
        tenant=tenant,
        period=period,
        attendees=attendees,
        approval=approval,
        now=now,
        series_id=series_id,
    )
    if not approval:
        # Stored with its charged minutes, so the new row is written once; the account itself
        # is charged only once the insert has won the space (a series goes on past a conflict).
        booking.charged_minutes = minutes
    await uow.bookings.add(booking)
    if not approval:
        account.consume(minutes, now)
        await uow.quotas.save(account)
    return booking


async def charge(
    uow: BookingUnitOfWork, booking: Booking, account: QuotaAccount, now: datetime
) -> None:
    """Consumes the booking's hours from its month's (locked) account, on confirmation."""
    minutes = int(booking.period.duration / timedelta(minutes=1))
    account.consume(minutes, now)
    await uow.quotas.save(account)
    booking.charged_minutes = minutes
    await uow.bookings.save(booking)


async def refund(uow: BookingUnitOfWork, booking: Booking, minutes: int) -> None:
    """Gives a cancelled booking's hours back to its month."""
    if minutes == 0:
        return
    account = await account_of(uow, booking, None)
    account.give_back(minutes)
    await uow.quotas.save(account)


async def account_of(
    uow: BookingUnitOfWork, booking: Booking, quota_hours: int | None
) -> QuotaAccount:
    """The locked quota account a booking's hours count against."""
    return await uow.quotas.lock(
        booking.tenant_id, booking.space_type, month_of(booking.period.starts_at), quota_hours
    )
