"""Whether a tenant may have a space over a period, and whether staff must approve it first.

Pure: the service layer loads the space, its rules, the tenant, the closures and the quota
account, and asks these functions; the exclusion constraint then decides any overlap.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime

from contracts.tenancy import OverQuotaPolicy
from services.booking.domain.booking import Booking
from services.booking.domain.closure import Closure
from services.booking.domain.errors import BookingRuleBroken, TenantNotActive
from services.booking.domain.period import Period
from services.booking.domain.quota import QuotaAccount
from services.booking.domain.rules import BookingRules
from services.booking.domain.space import Space
from services.booking.domain.tenant_standing import TenantStanding


def admit(
    *,
    space: Space,
    rules: BookingRules,
    tenant: TenantStanding,
    period: Period,
    attendees: int,
    closures: Sequence[Closure],
    now: datetime,
) -> None:
    """Raises BookingRuleBroken naming the first rule the request breaks."""
    if not space.active:
        raise BookingRuleBroken("space-inactive", f"space {space.code} is not open for booking")
    if not tenant.may_book:
        raise TenantNotActive(tenant.standing)
    rules.check(
        period, tenant_kind=tenant.kind, attendees=attendees, capacity=space.capacity, now=now
    )
    if not space.opening_hours.covers(period.starts_at, period.ends_at):
        raise BookingRuleBroken(
            "outside-opening-hours",
            f"{space.code} is not open over the whole period (Asia/Jakarta)",
            opening_hours=space.opening_hours.to_json(),
        )
    for closure in closures:
        if closure.applies_to(space.site, space.id) and (
            closure.starts_at < period.ends_at and period.starts_at < closure.ends_at
        ):
            raise BookingRuleBroken(
                "space-closed",
                f"{space.code} is closed then ({closure.reason.value})",
                closure_id=str(closure.id),
                closure_reason=closure.reason.value,
            )


def needs_approval(
    *, rules: BookingRules, tenant: TenantStanding, quota: QuotaAccount | None, minutes: int
) -> bool:
    """True when staff must approve; BookingRuleBroken (over-quota) when the plan refuses it."""
    if quota is not None and not quota.allows(minutes):
        if tenant.over_quota is OverQuotaPolicy.REJECT:
            remaining = quota.remaining_minutes or 0
            raise BookingRuleBroken(
                "over-quota",
                f"only {remaining / 60:g} hours of {quota.space_type} are left in {quota.month}",
                month=quota.month,
                quota_hours=quota.quota_hours,
                remaining_hours=remaining / 60,
            )
        return True
    return rules.needs_approval(tenant.kind) or tenant.plan_needs_approval


def book(
    *,
    space: Space,
    rules: BookingRules,
    tenant: TenantStanding,
    period: Period,
    attendees: int,
    approval: bool,
    now: datetime,
    series_id: uuid.UUID | None = None,
) -> Booking:
    return Booking.new(
        space=space,
        tenant_id=tenant.tenant_id,
        period=period,
        blocked=period.widened(rules.buffer_before, rules.buffer_after),
        attendees=attendees,
        needs_approval=approval,
        now=now,
        series_id=series_id,
    )
