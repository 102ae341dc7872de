"""The notifications service's own errors, kinds of the shared vocabulary
(shared/domain/errors.py), answered as problems by shared/http/problems.py."""

import uuid

from shared.domain.errors import NotFound, RuleBroken


class _PlainNotFound(NotFound):
    """A notification or subscription that does not exist, answered with the plain
    ``not-found`` type this API has always given for them (clients match it) and the id as
    ``<what>_id``."""

    def __init__(self, what: str, ident: uuid.UUID) -> None:
        super().__init__(what, ident)
        self.slug = "not-found"


class NotificationNotFound(_PlainNotFound):
    def __init__(self, notification_id: uuid.UUID) -> None:
        super().__init__("notification", notification_id)


class SubscriptionNotFound(_PlainNotFound):
    def __init__(self, subscription_id: uuid.UUID) -> None:
        super().__init__("subscription", subscription_id)


class InvalidPreferences(RuleBroken):
    title = "These preferences cannot be kept"
    slug = "invalid-preferences"


class InternalTarget(RuleBroken):
    """The URL leads inside the city's network and is not on the operators' allow-list."""

    title = "Webhooks may not go inside the city's network"
    slug = "invalid-webhook-target"
