"""A projection: tables a service keeps from another service's events, declared so that it can
be rebuilt from its topic (``bitc replay``, safe while the service runs:
shared/messaging/consumer_lock.py).
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from shared.messaging.subscriptions import Handler, Subscription


@dataclass(frozen=True)
class Projection:
    """What ``bitc replay SERVICE NAME`` rebuilds."""

    name: str
    #: The live consumer keeping the projection; the rebuild reads its topic and takes its lock.
    subscription: Subscription
    #: Empties the projection's tables (given the unit of work of the rebuild's transaction).
    reset: Callable[[Any], Awaitable[None]]
    #: What the rebuild applies to events the live consumer has already handled: the
    #: projection's own writes only, never again the effects those events caused back then
    #: (e.g. cancelled bookings: facts of their own, published long ago).
    rebuild_handlers: Mapping[type, Handler]
    #: Runs after the events are applied, to restore what the service derives on its own.
    restore: Callable[[Any], Awaitable[None]] | None = None

    @property
    def consumer(self) -> str:
        return self.subscription.consumer
