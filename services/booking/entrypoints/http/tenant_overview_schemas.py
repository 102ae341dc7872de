"""What the booking HTTP API answers about a tenant as booking sees it."""

import uuid

from pydantic import BaseModel

from contracts.booking import SpaceType
from services.booking.domain.tenant_standing import Standing, TenantStanding
from services.booking.service_layer.tenant_overview import Balance


class TenantRecordOut(BaseModel):
    tenant_id: uuid.UUID
    standing: Standing
    kind: str
    plan_code: str
    no_show_count: int

    @classmethod
    def of(cls, tenant: TenantStanding) -> "TenantRecordOut":
        return cls(
            tenant_id=tenant.tenant_id,
            standing=tenant.standing,
            kind=tenant.kind,
            plan_code=tenant.plan_code,
            no_show_count=tenant.no_show_count,
        )


class BalanceOut(BaseModel):
    space_type: SpaceType
    quota_hours: int | None
    used_hours: float
    remaining_hours: float | None


class QuotaBalanceOut(BaseModel):
    tenant_id: uuid.UUID
    month: str
    balances: list[BalanceOut]

    @classmethod
    def of(cls, tenant_id: uuid.UUID, month: str, balances: list[Balance]) -> "QuotaBalanceOut":
        return cls(
            tenant_id=tenant_id,
            month=month,
            balances=[BalanceOut(**vars(balance)) for balance in balances],
        )
