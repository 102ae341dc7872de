"""Every event tenancy consumes (docs/architecture.md, "The frame"): none. Tenancy is the
source of tenants, plans, units and leases and reacts to no other service, so it runs no
consumer and has no projection for ``bitc replay`` to rebuild."""

from services.tenancy.settings import Settings
from shared.messaging.projections import Projection
from shared.messaging.subscriptions import Subscription

PROJECTIONS: tuple[Projection, ...] = ()


def subscriptions(settings: Settings) -> list[Subscription]:
    return []
