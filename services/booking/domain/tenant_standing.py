"""Booking's own view of a tenant, built from tenancy events: may this tenant book?"""

import enum
import uuid
from dataclasses import dataclass


class Standing(enum.StrEnum):
    APPLIED = "applied"
    ACTIVE = "active"


@dataclass(frozen=True)
class TenantStanding:
    tenant_id: uuid.UUID
    standing: Standing
    kind: str
    plan_code: str

    @property
    def may_book(self) -> bool:
        return self.standing is Standing.ACTIVE
