"""What a service declares for each topic it consumes: the consumer's name and its handlers."""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from shared.messaging.envelope import Envelope
from shared.messaging.events import UPCASTERS, DomainEvent, Upcasters

Handler = Callable[[Any, Envelope, Any], Awaitable[None]]
#: Reacts to a tombstone (null value) on a compacted topic; gets the record key and a unit of work.
TombstoneHandler = Callable[[str, Any], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """What one named consumer (also its Kafka group id) reads and how it reacts."""

    consumer: str
    topic: str
    handlers: Mapping[type[DomainEvent], Handler]
    on_tombstone: TombstoneHandler | None = None
    #: Read older versions of the handled events as the handled version
    #: (shared/messaging/events.py).
    upcasters: Upcasters = UPCASTERS
    #: A live feed (shared/messaging/live_consumer.py): ``consumer`` names this process's own
    #: group, reading starts at the newest record and handlers get no unit of work.
    live: bool = False
