"""Membership plans: what a tenant pays each month and may book. Staff edit them; a change of
terms reaches every tenant on the plan as a new tenant.plan_changed."""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from contracts.tenancy import MonthlyQuota, OverQuotaPolicy, PlanEntitlements
from shared.domain.errors import RuleBroken


@dataclass(frozen=True, kw_only=True)
class Plan:
    code: str
    name: str
    monthly_fee_idr: int
    quotas: tuple[MonthlyQuota, ...]
    bookings_need_approval: bool
    over_quota: OverQuotaPolicy
    updated_at: datetime

    def __post_init__(self) -> None:
        if self.monthly_fee_idr < 0:
            raise RuleBroken("a plan's monthly fee cannot be negative")
        kinds = [quota.space_type for quota in self.quotas]
        if len(kinds) != len(set(kinds)):
            raise RuleBroken("a plan grants at most one quota per kind of space")

    @property
    def entitlements(self) -> PlanEntitlements:
        return PlanEntitlements(
            plan_code=self.code,
            quotas=list(self.quotas),
            bookings_need_approval=self.bookings_need_approval,
            over_quota=self.over_quota,
        )

    def edited(self, now: datetime, **changes: Any) -> "Plan":
        """A copy with ``changes`` applied (only fields given); validation runs again."""
        if "quotas" in changes:
            changes["quotas"] = tuple(changes["quotas"])
        return replace(self, updated_at=now, **changes)

    def terms_differ(self, other: "Plan") -> bool:
        """Whether tenants must be told: quotas, approval or over-quota policy changed."""
        return self.entitlements != other.entitlements
