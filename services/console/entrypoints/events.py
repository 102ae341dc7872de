"""Every event the console consumes. None yet: live pages (issue #15) subscribe to the public
topics here, with a consumer group per console instance so every replica sees every event."""

from services.console.settings import Settings
from shared.messaging.subscriptions import Subscription


def subscriptions(settings: Settings) -> list[Subscription]:
    return []
