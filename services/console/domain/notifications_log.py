"""The notifications log as staff filter it: the filters notifications' API takes, read from the
page's address (an unknown value is dropped rather than sent), and the words for its codes."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.console.domain.formatting import in_wib

#: Notifications' delivery states, channels and kinds (English msgids, notifications_log.po).
STATUSES: dict[str, str] = {
    "pending": "Waiting",
    "sending": "Sending",
    "sent": "Sent",
    "failed": "Failed, will try again",
    "dead": "Failed for good",
    "withdrawn": "Withdrawn",
}
CHANNELS: dict[str, str] = {
    "email": "E-mail",
    "whatsapp": "WhatsApp",
    "sms": "SMS",
    "webhook": "Webhook",
}
CATEGORIES: dict[str, str] = {
    "tenant_activated": "Tenant activated",
    "tenant_suspended": "Tenant suspended",
    "tenant_reinstated": "Tenant reinstated",
    "tenant_offboarded": "Tenant offboarded",
    "booking_confirmed": "Booking confirmed",
    "booking_rejected": "Booking rejected",
    "booking_cancelled": "Booking cancelled",
    "booking_no_show": "Booking not attended",
    "booking_waitlist_promoted": "Waitlist place turned into a booking",
    "booking_reminder": "Booking reminder",
    "series_summary": "Series summary",
    "quota_exhausted": "Quota used up",
    "lease_signed": "Lease signed",
    "lease_expiring": "Lease ending soon",
    "lease_ended": "Lease ended",
}
RECIPIENT_KINDS: dict[str, str] = {"tenant": "Tenant", "staff": "Staff", "webhook": "Webhook"}
#: Only a notification that has failed for good can be given fresh attempts.
RETRYABLE = "dead"


@dataclass(frozen=True)
class LogFilter:
    status: str = ""
    channel: str = ""
    category: str = ""
    tenant_id: str = ""

    @classmethod
    def of(cls, asked: Mapping[str, str]) -> "LogFilter":
        """The known values of ``asked`` (the page's query), every other one left empty."""
        tenant = asked.get("tenant_id", "")
        try:
            tenant = str(uuid.UUID(tenant)) if tenant else ""
        except ValueError:
            tenant = ""
        return cls(
            status=_known(asked.get("status", ""), STATUSES),
            channel=_known(asked.get("channel", ""), CHANNELS),
            category=_known(asked.get("category", ""), CATEGORIES),
            tenant_id=tenant,
        )

    def as_query(self) -> dict[str, str]:
        fields = {
            "status": self.status,
            "channel": self.channel,
            "category": self.category,
            "tenant_id": self.tenant_id,
        }
        return {name: value for name, value in fields.items() if value}


def _known(value: str, known: Mapping[str, str]) -> str:
    return value if value in known else ""


@dataclass(frozen=True)
class LogRow:
    notification_id: str
    created_at: datetime
    tenant_id: str | None
    recipient_kind: str
    channel: str
    category: str
    status: str
    attempts: int
    last_error: str | None

    @property
    def retryable(self) -> bool:
        return self.status == RETRYABLE


def log_rows(items: list[Mapping[str, Any]]) -> list[LogRow]:
    """Notifications as the API answers them, their time on the sites' wall clock."""
    return [
        LogRow(
            notification_id=n["id"],
            created_at=in_wib(datetime.fromisoformat(n["created_at"])),
            tenant_id=n.get("tenant_id"),
            recipient_kind=n["recipient_kind"],
            channel=n["channel"],
            category=n["category"],
            status=n["status"],
            attempts=n["attempts"],
            last_error=n.get("last_error"),
        )
        for n in items
    ]
