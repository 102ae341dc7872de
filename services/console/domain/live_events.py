"""What an open page is told about an event (GET /live), and who may be told it.

A page only needs to know that something it shows may have changed: the event's type, the id of
the thing it concerns and its tenant. Nothing else of the event travels, so no personal data
reaches a browser this way; the page asks the services again, with the person's own token.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from shared.auth.principal import Principal
from shared.messaging.events import DomainEvent

#: Events about the public catalogue: every signed-in person may hear of them.
CATALOGUE_EVENTS = frozenset({"space.created", "space.updated", "space.closed"})


@dataclass(frozen=True)
class LiveEvent:
    type: str
    aggregate_id: str
    tenant_id: uuid.UUID | None

    @classmethod
    def of(cls, event: DomainEvent) -> "LiveEvent":
        tenant_id = getattr(event, "tenant_id", None)
        return cls(event.name, event.aggregate_id, tenant_id)

    def visible_to(self, principal: Principal) -> bool:
        """Staff hear of everything; a tenant's user of its own tenant's events and of the
        catalogue's, never of another tenant's nor of what concerns no tenant (units)."""
        if not principal.tenant_bound:
            return True
        if self.tenant_id is None:
            return self.type in CATALOGUE_EVENTS
        return principal.may_act_for(self.tenant_id)

    def message(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "aggregate_id": self.aggregate_id,
            "tenant_id": str(self.tenant_id) if self.tenant_id else None,
        }
