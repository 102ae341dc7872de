"""What the plan endpoints accept and answer."""

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from contracts.tenancy import MonthlyQuota, OverQuotaPolicy
from services.tenancy.entrypoints.http.lease_schemas import MAX_RUPIAH
from shared.http.request_bodies import RequestBody

Fee = Annotated[int, Field(ge=0, le=MAX_RUPIAH, description="Monthly fee in rupiah (0: free)")]


class QuotaIn(RequestBody, MonthlyQuota):
    """A plan's quota as sent: the contract's shape, with unknown members refused."""

    hours: int = Field(ge=0, le=1_000_000)


def _as_contract(quotas: list[QuotaIn]) -> list[MonthlyQuota]:
    # The contract's own class, so a plan edited to the same quotas equals the stored one
    # (pydantic models of different classes never compare equal) and tenants are not re-told.
    return [MonthlyQuota.model_validate(quota.model_dump()) for quota in quotas]


Quotas = Annotated[
    list[QuotaIn],
    AfterValidator(_as_contract),
    Field(
        description="Hours per calendar month (WIB) per kind of space; at most one quota per "
        "kind (else 422 `rule-broken`)"
    ),
]


class PlanIn(RequestBody):
    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,49}$", examples=["startup-basic"])]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    monthly_fee_idr: Fee
    quotas: Quotas
    bookings_need_approval: bool
    over_quota: OverQuotaPolicy


class PlanEdit(RequestBody):
    """Only the fields sent change. New quotas, approval or over-quota policy are published to
    every current tenant on the plan (tenant.plan_changed)."""

    name: Annotated[str | None, Field(min_length=1, max_length=200)] = None
    monthly_fee_idr: Fee | None = None
    quotas: Quotas | None = None
    bookings_need_approval: bool | None = None
    over_quota: OverQuotaPolicy | None = None


class PlanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    monthly_fee_idr: int
    quotas: list[MonthlyQuota]
    bookings_need_approval: bool
    over_quota: OverQuotaPolicy
    updated_at: datetime
