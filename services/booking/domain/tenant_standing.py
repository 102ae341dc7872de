"""Booking's own view of a tenant, built from tenancy events: may this tenant book, and what
does its plan grant?"""

import enum
import uuid
from dataclasses import dataclass

from contracts.tenancy import OverQuotaPolicy, PlanEntitlements, SpaceType


class Standing(enum.StrEnum):
    APPLIED = "applied"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    OFFBOARDED = "offboarded"


@dataclass(frozen=True)
class TenantStanding:
    tenant_id: uuid.UUID
    standing: Standing
    kind: str
    plan_code: str
    #: None until tenancy has told booking the plan's terms: then nothing is limited.
    entitlements: PlanEntitlements | None = None
    no_show_count: int = 0

    @property
    def may_book(self) -> bool:
        return self.standing is Standing.ACTIVE

    @property
    def plan_needs_approval(self) -> bool:
        return self.entitlements is not None and self.entitlements.bookings_need_approval

    @property
    def over_quota(self) -> OverQuotaPolicy:
        return self.entitlements.over_quota if self.entitlements else OverQuotaPolicy.REJECT

    def quota_hours(self, space_type: SpaceType) -> int | None:
        """Monthly hours of a space type: None (unlimited) until the plan is known; a type the
        plan does not name is not granted, so it has 0 hours and the over-quota policy decides."""
        if self.entitlements is None:
            return None
        for quota in self.entitlements.quotas:
            if quota.space_type == space_type:
                return quota.hours
        return 0
