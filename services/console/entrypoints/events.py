"""Every event the console consumes: the three public topics, as live feeds that keep open
pages current (docs/console.md, "Live pages"). Each console process reads with a consumer group
of its own, so every replica sees every event; the hub passes each on to the streams that may
hear of it. Nothing is written, so there is no inbox (shared/messaging/live_consumer.py)."""

import uuid

from contracts.booking import (
    BookingCancelled,
    BookingCheckedIn,
    BookingCompleted,
    BookingConfirmed,
    BookingNoShow,
    BookingRejected,
    BookingRequested,
    BookingWaitlistPromoted,
    SeriesCreated,
    SpaceClosed,
    SpaceCreated,
    SpaceUpdated,
)
from contracts.notifications import NotificationFailed, NotificationSent
from contracts.tenancy import (
    LeaseEnded,
    LeaseExpiring,
    LeaseRenewed,
    LeaseSigned,
    LeaseTerminated,
    TenantActivated,
    TenantOffboarded,
    TenantPlanChanged,
    TenantRegistered,
    TenantReinstated,
    TenantSuspended,
    UnitStatusChanged,
)
from contracts.topics import BOOKING_EVENTS, NOTIFICATIONS_EVENTS, TENANCY_EVENTS
from services.console.service_layer.live_hub import LiveHub
from services.console.settings import Settings
from shared.messaging.events import DomainEvent
from shared.messaging.subscriptions import Subscription
from shared.runtime.process import instance_name

#: What the pages may react to, per public topic.
LIVE_EVENTS: dict[str, tuple[type[DomainEvent], ...]] = {
    BOOKING_EVENTS: (
        BookingRequested,
        BookingConfirmed,
        BookingRejected,
        BookingCancelled,
        BookingCheckedIn,
        BookingCompleted,
        BookingNoShow,
        BookingWaitlistPromoted,
        SeriesCreated,
        SpaceCreated,
        SpaceUpdated,
        SpaceClosed,
    ),
    TENANCY_EVENTS: (
        TenantRegistered,
        TenantActivated,
        TenantSuspended,
        TenantReinstated,
        TenantOffboarded,
        TenantPlanChanged,
        LeaseSigned,
        LeaseRenewed,
        LeaseExpiring,
        LeaseEnded,
        LeaseTerminated,
        UnitStatusChanged,
    ),
    NOTIFICATIONS_EVENTS: (NotificationSent, NotificationFailed),
}


def live_group(settings: Settings) -> str:
    """The start of this process's own consumer groups (one per topic); the random part keeps
    two processes that share an instance name (a copied INSTANCE_ID) from splitting the events
    between them."""
    return f"console.live.{instance_name(settings)}-{uuid.uuid4().hex[:8]}"


def subscriptions(settings: Settings, hub: LiveHub) -> list[Subscription]:
    group = live_group(settings)
    return [
        Subscription(
            consumer=f"{group}.{topic.split('.')[1]}",
            topic=topic,
            handlers=dict.fromkeys(events, hub.on_event),
            live=True,
        )
        for topic, events in LIVE_EVENTS.items()
    ]
