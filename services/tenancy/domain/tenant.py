"""The tenant aggregate: who rents or uses BITC's spaces, and where it is in its lifecycle.

applied → active → suspended ⇄ active → offboarded; every step is an explicit action whose
who/when/why the service keeps as a ``Transition`` in the tenant's history.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from contracts.tenancy import (
    OffboardingReason,
    PlanEntitlements,
    SuspensionReason,
    TenantActivated,
    TenantContactChanged,
    TenantContactErased,
    TenantKind,
    TenantOffboarded,
    TenantPlanChanged,
    TenantRegistered,
    TenantReinstated,
    TenantSponsorChanged,
    TenantSuspended,
)
from services.tenancy.domain.contact import ERASED, Contact
from services.tenancy.domain.errors import SponsorNotAllowed
from services.tenancy.domain.tenant_status import TenantStatus, Transition
from shared.domain.aggregate import Aggregate
from shared.domain.errors import IllegalTransition


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
    tax_id: str | None = None
    sponsor_agency: str | None = None
    offboarding_reason: OffboardingReason | None = None
    personal_data_erased_at: datetime | None = None
    #: Steps taken since the tenant was loaded; its repository appends them to the stored
    #: history when it saves the tenant.
    history: list[Transition] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def register(
        cls,
        *,
        kind: TenantKind,
        display_name: str,
        plan_code: str,
        contact: Contact,
        now: datetime,
        entitlements: PlanEntitlements | None = None,
        tax_id: str | None = None,
        sponsor_agency: str | None = None,
        actor: str = "applicant",
    ) -> "Tenant":
        """``entitlements``: the plan's terms, published as the tenant's first plan_changed."""
        if sponsor_agency and kind is not TenantKind.COMMUNITY:
            raise SponsorNotAllowed("only communities have a sponsoring agency")
        tenant = cls(
            id=uuid.uuid4(),
            kind=kind,
            display_name=display_name,
            plan_code=plan_code,
            contact=contact,
            status=TenantStatus.APPLIED,
            registered_at=now,
            tax_id=tax_id,
            sponsor_agency=sponsor_agency,
        )
        tenant.record(
            TenantRegistered(
                tenant_id=tenant.id,
                occurred_at=now,
                kind=kind,
                plan_code=plan_code,
                sponsor_agency=sponsor_agency,
            )
        )
        if entitlements is not None:
            tenant.record(
                TenantPlanChanged(tenant_id=tenant.id, occurred_at=now, entitlements=entitlements)
            )
        tenant.record(tenant._contact_event())
        tenant._log("register", None, actor, None, now)
        return tenant

    def activate(
        self,
        now: datetime,
        actor: str = "staff",
        note: str | None = None,
        *,
        plan_title: str | None = None,
    ) -> None:
        """``plan_title``: the display title of the tenant's plan, for the welcome message."""
        self._move("activate", {TenantStatus.APPLIED}, TenantStatus.ACTIVE, actor, note, now)
        self.activated_at = now
        self.record(
            TenantActivated(
                tenant_id=self.id,
                occurred_at=now,
                kind=self.kind,
                plan_code=self.plan_code,
                sponsor_agency=self.sponsor_agency,
                plan_title=plan_title,
            )
        )

    def suspend(self, reason: SuspensionReason, now: datetime, actor: str) -> None:
        self._move("suspend", {TenantStatus.ACTIVE}, TenantStatus.SUSPENDED, actor, reason, now)
        self.record(TenantSuspended(tenant_id=self.id, occurred_at=now, reason=reason))

    def reinstate(self, now: datetime, actor: str, note: str | None = None) -> None:
        self._move("reinstate", {TenantStatus.SUSPENDED}, TenantStatus.ACTIVE, actor, note, now)
        self.record(TenantReinstated(tenant_id=self.id, occurred_at=now))

    def offboard(self, reason: OffboardingReason, now: datetime, actor: str) -> None:
        """Any tenant not yet gone may leave; its leases are ended by the use case."""
        allowed = {TenantStatus.APPLIED, TenantStatus.ACTIVE, TenantStatus.SUSPENDED}
        self._move("offboard", allowed, TenantStatus.OFFBOARDED, actor, reason, now)
        self.offboarding_reason = reason
        self.record(TenantOffboarded(tenant_id=self.id, occurred_at=now, reason=reason))

    def change_plan(
        self, code: str, entitlements: PlanEntitlements, now: datetime, actor: str
    ) -> None:
        self._require_not_offboarded("change the plan of")
        self._log("change_plan", self.status, actor, f"{self.plan_code} -> {code}", now)
        self.plan_code = code
        self.apply_plan_terms(entitlements, now)

    def apply_plan_terms(self, entitlements: PlanEntitlements, now: datetime) -> None:
        self.record(
            TenantPlanChanged(tenant_id=self.id, occurred_at=now, entitlements=entitlements)
        )

    def update_profile(
        self,
        *,
        display_name: str,
        contact: Contact,
        tax_id: str | None,
        sponsor_agency: str | None,
        now: datetime,
        actor: str,
    ) -> None:
        self._require_not_offboarded("update")
        if sponsor_agency and self.kind is not TenantKind.COMMUNITY:
            raise SponsorNotAllowed("only communities have a sponsoring agency")
        contact_changed = (display_name, contact) != (self.display_name, self.contact)
        sponsor_changed = sponsor_agency != self.sponsor_agency
        self.display_name, self.contact = display_name, contact
        self.tax_id, self.sponsor_agency = tax_id, sponsor_agency
        self._log("update_profile", self.status, actor, None, now)
        if contact_changed:
            self.record(self._contact_event())
        if sponsor_changed:
            self.record(
                TenantSponsorChanged(
                    tenant_id=self.id, occurred_at=now, sponsor_agency=sponsor_agency
                )
            )

    def erase_personal_data(self, now: datetime, actor: str) -> None:
        """Blanks the contact (and an individual's name); only once the tenant has left."""
        if self.status is not TenantStatus.OFFBOARDED:
            raise IllegalTransition("tenant", "erase the personal data of", self.status)
        self.contact = self.contact.erased()
        if self.kind is TenantKind.INDIVIDUAL:
            self.display_name = ERASED
        self.personal_data_erased_at = now
        self._log("erase_personal_data", self.status, actor, None, now)
        self.record(TenantContactErased(tenant_id=self.id))

    def _require_not_offboarded(self, action: str) -> None:
        if self.status is TenantStatus.OFFBOARDED:
            raise IllegalTransition("tenant", action, self.status)

    def _move(
        self,
        action: str,
        allowed: set[TenantStatus],
        target: TenantStatus,
        actor: str,
        reason: str | None,
        now: datetime,
    ) -> None:
        if self.status not in allowed:
            raise IllegalTransition("tenant", action, self.status)
        previous, self.status = self.status, target
        self.history.append(Transition(action, previous, target, actor, reason, now))

    def _log(
        self,
        action: str,
        previous: TenantStatus | None,
        actor: str,
        reason: str | None,
        now: datetime,
    ) -> None:
        self.history.append(Transition(action, previous, self.status, actor, reason, now))

    def _contact_event(self) -> TenantContactChanged:
        return TenantContactChanged(
            tenant_id=self.id,
            display_name=self.display_name,
            contact_name=self.contact.name,
            email=self.contact.email,
            phone=self.contact.phone,
            language=self.contact.language,
        )
