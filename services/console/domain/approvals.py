"""The approval queue: requested bookings oldest request first, and what staff decide about
one or several of them at once (approve, or reject with one of the reasons booking records)."""

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.console.domain.formatting import in_wib

#: Booking records a rejection's reason as a short code; staff pick one, described in their
#: language (English msgids, translated in approvals.po).
REJECTION_REASONS: dict[str, str] = {
    "space-needed-by-bitc": "The space is needed for a BITC activity",
    "outside-house-rules": "The request is against the house rules",
    "not-a-community-activity": "Not an activity this space is for",
    "incomplete-request": "The request lacks details; please ask again",
    "duplicate-request": "A duplicate of another request",
}
NO_REASON = "Choose a reason for rejecting."
NOTHING_CHOSEN = "Select at least one request first."


@dataclass(frozen=True)
class QueueItem:
    booking_id: str
    tenant_name: str
    space_name: str
    starts_at: datetime
    ends_at: datetime
    requested_at: datetime
    in_series: bool


def queue_of(
    bookings: Iterable[Mapping[str, Any]],
    space_names: Mapping[str, str],
    tenant_names: Mapping[str, str],
) -> list[QueueItem]:
    """The requested ones among ``bookings``, the longest waiting first."""
    requested = [b for b in bookings if b["status"] == "requested"]
    return sorted(
        described(requested, space_names, tenant_names),
        key=lambda item: (item.requested_at, item.booking_id),
    )


def described(
    bookings: Iterable[Mapping[str, Any]],
    space_names: Mapping[str, str],
    tenant_names: Mapping[str, str],
) -> list[QueueItem]:
    """``bookings`` (as booking's API answers them) with their tenant's and space's names."""
    return [
        QueueItem(
            booking_id=b["id"],
            tenant_name=tenant_names.get(b["tenant_id"], ""),
            space_name=space_names.get(b["space_id"], b.get("space_code", "")),
            starts_at=in_wib(datetime.fromisoformat(b["starts_at"])),
            ends_at=in_wib(datetime.fromisoformat(b["ends_at"])),
            requested_at=in_wib(datetime.fromisoformat(b["created_at"])),
            in_series=b.get("series_id") is not None,
        )
        for b in bookings
    ]


@dataclass(frozen=True)
class Decision:
    """``approve`` or ``reject`` these bookings; ``reason`` is a code of REJECTION_REASONS."""

    verb: str
    booking_ids: tuple[str, ...]
    reason: str | None


def decision_of(
    approve_one: str, reject_one: str, action: str, selected: list[str], reason: str
) -> Decision | str:
    """What the queue's form asks (one row's button, or a button for the selected rows), or
    the msgid of why it cannot be done."""
    if not all(_is_id(value) for value in (approve_one, reject_one, *selected) if value):
        return NOTHING_CHOSEN
    if approve_one:
        return Decision("approve", (approve_one,), None)
    if reject_one:
        ids: tuple[str, ...] = (reject_one,)
        verb = "reject"
    elif action in ("approve", "reject"):
        ids, verb = tuple(dict.fromkeys(selected)), action
        if not ids:
            return NOTHING_CHOSEN
    else:
        return NOTHING_CHOSEN
    if verb == "reject":
        if reason not in REJECTION_REASONS:
            return NO_REASON
        return Decision("reject", ids, reason)
    return Decision("approve", ids, None)


def _is_id(value: str) -> bool:
    """Booking ids only: whatever else a tampered form sends never reaches booking's URLs."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Outcome:
    """What became of one booking of a decision: done, or the msgid of why not."""

    booking_id: str
    item: QueueItem | None
    done: bool
    sentence: str | None = None
