"""Who calls: the roles a token grants and the one tenant a tenant's user is bound to."""

import uuid
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    #: City IT: everything.
    admin = "admin"
    #: BITC staff: approve bookings, close spaces, manage tenants, plans, units and leases.
    manager = "manager"
    #: A startup's or company's user: books and cancels for its own tenant, sees its own data.
    tenant_member = "tenant_member"
    #: Like a tenant member, for a community tenant.
    community_lead = "community_lead"
    #: Another smart-city system: reads, never writes.
    integrator = "integrator"


#: Roles whose holder acts for one tenant only, named by the token's tenant claim.
TENANT_BOUND = frozenset({Role.tenant_member, Role.community_lead})
#: Roles that see and act for every tenant.
ALL_TENANTS = frozenset({Role.admin, Role.manager, Role.integrator})


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[Role]
    tenant_id: uuid.UUID | None = None
    username: str | None = None
    #: An integrator working for a sponsoring agency (e.g. Dispudpar) sees only the
    #: communities that agency sponsors in the reports; None for everyone else.
    sponsor_agency: str | None = None

    @property
    def actor(self) -> str:
        """The name history and audit records keep: the user name when the SSO gives one."""
        return self.username or self.subject

    @property
    def tenant_bound(self) -> bool:
        return not (self.roles & ALL_TENANTS)

    def may_act_for(self, tenant_id: uuid.UUID | None) -> bool:
        """Staff and integrators may address any tenant; a tenant's user only its own."""
        if not self.tenant_bound:
            return True
        return tenant_id is not None and tenant_id == self.tenant_id
