"""The tenant aggregate: who rents or uses BITC's spaces, and where it is in its lifecycle."""

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from contracts.tenancy import TenantActivated, TenantContactChanged, TenantKind, TenantRegistered
from services.tenancy.domain.contact import Contact
from shared.domain import Aggregate

#: Plans a tenant can be on until plans become editable entities (issue #3).
KNOWN_PLANS = frozenset({"community", "coworking-flex", "office-tenant"})


class TenantStatus(enum.StrEnum):
    APPLIED = "applied"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    OFFBOARDED = "offboarded"


class UnknownPlan(ValueError):
    pass


class IllegalTransition(Exception):
    def __init__(self, action: str, current: TenantStatus) -> None:
        super().__init__(f"cannot {action} a tenant that is {current}")
        self.action = action
        self.current = current


@dataclass(kw_only=True)
class Tenant(Aggregate):
    id: uuid.UUID
    kind: TenantKind
    display_name: str
    plan_code: str
    contact: Contact
    status: TenantStatus
    registered_at: datetime
    activated_at: datetime | None = None

    @classmethod
    def register(
        cls, *, kind: TenantKind, display_name: str, plan_code: str, contact: Contact, now: datetime
    ) -> "Tenant":
        if plan_code not in KNOWN_PLANS:
            raise UnknownPlan(
                f"no plan {plan_code!r}; known plans: {', '.join(sorted(KNOWN_PLANS))}"
            )
        tenant = cls(
            id=uuid.uuid4(),
            kind=kind,
            display_name=display_name,
            plan_code=plan_code,
            contact=contact,
            status=TenantStatus.APPLIED,
            registered_at=now,
        )
        tenant.record(
            TenantRegistered(tenant_id=tenant.id, occurred_at=now, kind=kind, plan_code=plan_code)
        )
        tenant.record(tenant._contact_event())
        return tenant

    def activate(self, now: datetime) -> None:
        if self.status is not TenantStatus.APPLIED:
            raise IllegalTransition("activate", self.status)
        self.status = TenantStatus.ACTIVE
        self.activated_at = now
        self.record(
            TenantActivated(
                tenant_id=self.id, occurred_at=now, kind=self.kind, plan_code=self.plan_code
            )
        )

    def _contact_event(self) -> TenantContactChanged:
        return TenantContactChanged(
            tenant_id=self.id,
            display_name=self.display_name,
            contact_name=self.contact.name,
            email=self.contact.email,
            phone=self.contact.phone,
            language=self.contact.language,
        )
