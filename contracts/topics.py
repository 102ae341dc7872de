"""Every Kafka topic of the platform, with the partitions and retention we create it with.

Topics are created explicitly from this list (auto-create is off): by ``bitc setup`` in
deployments and by the launcher locally.
"""

from dataclasses import dataclass, field

TENANCY_EVENTS = "bitc.tenancy.events.v1"
BOOKING_EVENTS = "bitc.booking.events.v1"
NOTIFICATIONS_EVENTS = "bitc.notifications.events.v1"
TENANCY_CONTACTS = "bitc.tenancy.contacts.v1"

_DAY_MS = 24 * 3600 * 1000


def dead_letter_topic(service: str) -> str:
    return f"bitc.{service}.deadletter.v1"


def dead_letter_resolutions_topic(service: str) -> str:
    """What operators did with each dead letter (replayed, discarded), keyed by its position."""
    return f"bitc.{service}.deadletter.resolutions.v1"


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    public: bool
    key: str
    description: str
    config: dict[str, str] = field(default_factory=dict)


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(
        TENANCY_EVENTS,
        partitions=6,
        public=True,
        key="tenant id (lease and unit events: the tenant or unit id they concern)",
        description="Tenants, plans, units and leases. Kept forever so projections can be rebuilt.",
        config={"retention.ms": "-1"},
    ),
    TopicSpec(
        BOOKING_EVENTS,
        partitions=6,
        public=True,
        key="booking id (all events of one booking in order); space, closure and series events "
        "by their own id; quota events by tenant id",
        description="Spaces and reservations. Kept forever so projections can be rebuilt.",
        config={"retention.ms": "-1"},
    ),
    TopicSpec(
        NOTIFICATIONS_EVENTS,
        partitions=3,
        public=True,
        key="notification id",
        description="Outcome of each message sent to a person (never the address itself).",
        config={"retention.ms": str(30 * _DAY_MS)},
    ),
    TopicSpec(
        TENANCY_CONTACTS,
        partitions=3,
        public=False,
        key="tenant id; the latest value is the current contact, a tombstone erases it",
        description="PRIVATE personal contact data of tenants, read only by notifications.",
        config={
            "cleanup.policy": "compact",
            "min.compaction.lag.ms": "0",
            "delete.retention.ms": str(_DAY_MS),
        },
    ),
    *(
        TopicSpec(
            dead_letter_topic(service),
            partitions=1,
            public=False,
            key="the original record's key",
            description=f"Events {service} could not handle; the reason is in the headers.",
            config={"retention.ms": str(30 * _DAY_MS)},
        )
        for service in ("tenancy", "booking", "notifications")
    ),
    *(
        TopicSpec(
            dead_letter_resolutions_topic(service),
            partitions=1,
            public=False,
            key="<partition>:<offset> of the dead letter",
            description=f"Operators' decisions on {service}'s dead letters (bitc dlq).",
            config={"cleanup.policy": "compact"},
        )
        for service in ("tenancy", "booking", "notifications")
    ),
)
