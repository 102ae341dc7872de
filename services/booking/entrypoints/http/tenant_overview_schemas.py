"""What the booking HTTP API answers about a tenant as booking sees it."""

import uuid

from pydantic import BaseModel, ConfigDict

from contracts.booking import SpaceType
from services.booking.domain.tenant_standing import Standing
from services.booking.service_layer.tenant_overview import Balance


class TenantRecordOut(BaseModel):
    # Read from a TenantStanding's attributes of the same names.
    model_config = ConfigDict(from_attributes=True)

    tenant_id: uuid.UUID
    standing: Standing
    kind: str
    plan_code: str
    no_show_count: int


class BalanceOut(BaseModel):
    # Read from a Balance's attributes of the same names.
    model_config = ConfigDict(from_attributes=True)

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
            balances=[BalanceOut.model_validate(balance) for balance in balances],
        )
