"""A message owed to one recipient over one channel because something happened, and its delivery.

One row per (source event, recipient, channel): the database refuses a second, which is what makes
a redelivered event, a restarted job or a second instance unable to send a message twice.
"""

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from contracts.notifications import Channel, NotificationFailed, NotificationSent
from services.notifications.domain.categories import (
    PRIORITY,
    Category,
    Priority,
    moment_passed_at,
)
from services.notifications.domain.delivery import BackoffPolicy, DeliveryStatus
from shared.domain.aggregate import Aggregate
from shared.domain.errors import IllegalTransition


class RecipientKind(enum.StrEnum):
    TENANT = "tenant"  # recipient = tenant id; the address comes from the contacts topic
    STAFF = "staff"  # recipient = a configured staff e-mail address
    WEBHOOK = "webhook"  # recipient = webhook subscription id


@dataclass(kw_only=True)
class Notification(Aggregate):
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    tenant_id: uuid.UUID | None
    recipient: str
    recipient_kind: RecipientKind
    category: Category
    channel: Channel
    source_event_id: str
    event_time: datetime
    created_at: datetime
    details: dict[str, Any] = field(default_factory=dict)
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    #: Not worth sending after this moment (a reminder after its booking has started); by
    #: default when the category's moment passes.
    expires_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None

    def __post_init__(self) -> None:
        if self.next_attempt_at is None:
            self.next_attempt_at = self.created_at
        if self.expires_at is None:
            self.expires_at = moment_passed_at(self.category, self.details)

    @property
    def priority(self) -> Priority:
        return PRIORITY[self.category]

    def _require(self, action: str, *allowed: DeliveryStatus) -> None:
        if self.status not in allowed:
            # current_status: the member this 409 has always carried, kept for clients.
            raise IllegalTransition(
                "notification", action, self.status, current_status=self.status.value
            )

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    def hold_until(self, moment: datetime) -> None:
        """Quiet hours: not an attempt, just later."""
        self._require("hold", DeliveryStatus.PENDING, DeliveryStatus.FAILED)
        self.next_attempt_at = moment

    def claim(self, now: datetime) -> None:
        """Written and committed before the send, so no other round or instance picks it up."""
        self._require("claim", DeliveryStatus.PENDING, DeliveryStatus.FAILED)
        self.status = DeliveryStatus.SENDING
        self.attempts += 1
        self.last_attempt_at = now

    def release(self) -> None:
        """Claimed but never handed to a channel (the round was stopped by a shutdown): due
        again at once, as it was before the claim, and not counted as an attempt."""
        self._require("release", DeliveryStatus.SENDING)
        self.attempts -= 1
        self.status = DeliveryStatus.FAILED if self.attempts else DeliveryStatus.PENDING

    def mark_sent(self, now: datetime) -> None:
        self._require("mark as sent", DeliveryStatus.SENDING)
        self.status, self.sent_at, self.last_error = DeliveryStatus.SENT, now, None
        self.record(NotificationSent(**self._event_fields(now)))

    def mark_failed(
        self, now: datetime, error: str, policy: BackoffPolicy, *, permanent: bool = False
    ) -> None:
        """Retried later with backoff, or dead when it can never work or has used its attempts."""
        self._require("mark as failed", DeliveryStatus.SENDING)
        self.last_error = error[:500]
        if permanent or self.attempts >= policy.max_attempts:
            self.status = DeliveryStatus.DEAD
            self.record(
                NotificationFailed(
                    **self._event_fields(now), attempts=self.attempts, reason=self.last_error
                )
            )
            return
        self.status = DeliveryStatus.FAILED
        self.next_attempt_at = now + timedelta(seconds=policy.delay_s(self.attempts))

    def withdraw(self, reason: str) -> None:
        self._require("withdraw", DeliveryStatus.PENDING, DeliveryStatus.FAILED)
        self.status, self.last_error = DeliveryStatus.WITHDRAWN, reason

    def retry(self, now: datetime) -> None:
        """Staff give a dead message a fresh set of attempts."""
        self._require("retry", DeliveryStatus.DEAD)
        self.status, self.attempts, self.next_attempt_at = DeliveryStatus.PENDING, 0, now

    def _event_fields(self, now: datetime) -> dict[str, Any]:
        # Recipient by tenant id only: addresses are personal data, kept off the public topic.
        return {
            "notification_id": self.id,
            "tenant_id": self.tenant_id,
            "category": self.category.value,
            "channel": self.channel,
            "occurred_at": now,
        }
