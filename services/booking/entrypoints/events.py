"""Every event booking consumes: tenancy's events (keyed by tenant id) kept in the tenant
projection, which ``bitc replay booking tenants`` may rebuild (docs/architecture.md, "Events")."""

from contracts.topics import TENANCY_EVENTS
from services.booking.service_layer import tenant_projection
from services.booking.settings import Settings
from shared.messaging.projections import Projection
from shared.messaging.subscriptions import Subscription

TENANTS = Projection(
    name="tenants",
    subscription=Subscription(
        consumer="booking.tenant-standings",
        topic=TENANCY_EVENTS,
        handlers=tenant_projection.HANDLERS,
    ),
    reset=tenant_projection.erase,
    rebuild_handlers=tenant_projection.REBUILD_HANDLERS,
    restore=tenant_projection.recount_no_shows,
)

PROJECTIONS: tuple[Projection, ...] = (TENANTS,)


def subscriptions(settings: Settings) -> list[Subscription]:
    return [TENANTS.subscription]
