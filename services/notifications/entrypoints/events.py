"""Every event the notifications service consumes: which topics reach which handlers (the
handlers are use cases in service_layer/)."""

from datetime import timedelta

from contracts.tenancy import TenantContactChanged
from contracts.topics import BOOKING_EVENTS, TENANCY_CONTACTS, TENANCY_EVENTS
from services.notifications.service_layer.contacts import on_contact_changed, on_contact_erased
from services.notifications.service_layer.event_reactions import EventReactions
from services.notifications.settings import Settings
from shared.messaging.projections import Projection
from shared.messaging.subscriptions import Subscription


def subscriptions(settings: Settings) -> list[Subscription]:
    reactions = EventReactions(timedelta(seconds=settings.reminder_lead_s))
    return [
        Subscription(
            consumer="notifications.tenancy-events",
            topic=TENANCY_EVENTS,
            handlers=reactions.handlers(TENANCY_EVENTS),
        ),
        Subscription(
            consumer="notifications.booking-events",
            topic=BOOKING_EVENTS,
            handlers=reactions.handlers(BOOKING_EVENTS),
        ),
        Subscription(
            consumer="notifications.contacts",
            topic=TENANCY_CONTACTS,
            handlers={TenantContactChanged: on_contact_changed},
            on_tombstone=on_contact_erased,
        ),
    ]


#: None. The contacts table is kept from the private contacts topic, but it is not declared for
#: ``bitc replay``: a rebuild applies events only and skips tombstones, so it would bring back the
#: address of every tenant whose erasure compaction has not yet removed from the topic. The topic
#: is compacted, so the live consumer already holds the latest value of every key.
PROJECTIONS: tuple[Projection, ...] = ()
