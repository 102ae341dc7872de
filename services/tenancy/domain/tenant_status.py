"""Where a tenant is in its lifecycle, and the record of each step that moved it there."""

import enum
from dataclasses import dataclass
from datetime import datetime


class TenantStatus(enum.StrEnum):
    APPLIED = "applied"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    OFFBOARDED = "offboarded"


@dataclass(frozen=True)
class Transition:
    """One entry of a tenant's history; ``reason`` is a reason code or staff's note."""

    action: str
    from_status: TenantStatus | None
    to_status: TenantStatus
    actor: str
    reason: str | None
    at: datetime
