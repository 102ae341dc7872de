"""The kinds of message the service sends, how urgent each is, and when each stops being worth
sending.

Priority decides the sending order when the rate limit leaves a queue: urgent messages ask the
reader to act or change plans within hours, so they go before everything else; normal ones
record something that happened; bulk ones are periodic summaries that can wait longest. Within
one priority the message due first goes first. A steady flood of urgent or normal mail can hold
bulk mail back for as long as it lasts: a summary a little late is the accepted price.
"""

import enum
from datetime import datetime
from typing import Any


class Category(enum.StrEnum):
    TENANT_ACTIVATED = "tenant_activated"
    TENANT_SUSPENDED = "tenant_suspended"
    TENANT_REINSTATED = "tenant_reinstated"
    TENANT_OFFBOARDED = "tenant_offboarded"
    BOOKING_CONFIRMED = "booking_confirmed"
    BOOKING_REJECTED = "booking_rejected"
    BOOKING_CANCELLED = "booking_cancelled"
    BOOKING_NO_SHOW = "booking_no_show"
    BOOKING_WAITLIST_PROMOTED = "booking_waitlist_promoted"
    BOOKING_REMINDER = "booking_reminder"
    SERIES_SUMMARY = "series_summary"
    QUOTA_EXHAUSTED = "quota_exhausted"
    LEASE_SIGNED = "lease_signed"
    LEASE_EXPIRING = "lease_expiring"
    LEASE_ENDED = "lease_ended"
    STAFF_REQUESTS_DIGEST = "staff_requests_digest"
    STAFF_LEASE_DIGEST = "staff_lease_digest"


class Priority(enum.IntEnum):
    """Lower goes first; stored as a number so the database orders by it."""

    URGENT = 0
    NORMAL = 1
    BULK = 2


PRIORITY: dict[Category, Priority] = {
    # A booking starts soon, or a plan just fell through or changed: the reader acts today.
    Category.BOOKING_REMINDER: Priority.URGENT,
    Category.BOOKING_WAITLIST_PROMOTED: Priority.URGENT,
    Category.BOOKING_NO_SHOW: Priority.URGENT,
    Category.BOOKING_CANCELLED: Priority.URGENT,
    Category.BOOKING_REJECTED: Priority.URGENT,
    Category.TENANT_SUSPENDED: Priority.URGENT,
    # A record of what happened; the booking or lease itself already stands.
    Category.BOOKING_CONFIRMED: Priority.NORMAL,
    Category.QUOTA_EXHAUSTED: Priority.NORMAL,
    Category.TENANT_ACTIVATED: Priority.NORMAL,
    Category.TENANT_REINSTATED: Priority.NORMAL,
    Category.TENANT_OFFBOARDED: Priority.NORMAL,
    Category.LEASE_SIGNED: Priority.NORMAL,
    Category.LEASE_EXPIRING: Priority.NORMAL,
    Category.LEASE_ENDED: Priority.NORMAL,
    # Summaries of many things, made periodically.
    Category.SERIES_SUMMARY: Priority.BULK,
    Category.STAFF_REQUESTS_DIGEST: Priority.BULK,
    Category.STAFF_LEASE_DIGEST: Priority.BULK,
}

#: Messages about a booking that are pointless once it has started: a reminder, or the news
#: that a waiting-list slot is yours.
_UNTIL_THE_START = frozenset({Category.BOOKING_REMINDER, Category.BOOKING_WAITLIST_PROMOTED})


def moment_passed_at(category: Category, details: dict[str, Any]) -> datetime | None:
    """When a message of ``category`` with these details stops being worth sending (None:
    never), so one still queued then is withdrawn rather than sent late."""
    if category in _UNTIL_THE_START and "starts_at" in details:
        return datetime.fromisoformat(details["starts_at"])
    return None
