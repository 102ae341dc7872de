"""A tenant's bookings as its people see them: three tabs (upcoming, past, cancelled), and
which steps a booking still allows (cancel, check in) by booking's own rules."""

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from services.console.domain.formatting import in_wib

#: Booking checks in from this long before the start (services/booking/domain/booking.py).
CHECK_IN_OPENS = timedelta(minutes=15)
LIVE = ("requested", "confirmed", "checked_in")
ENDED = ("confirmed", "checked_in", "completed", "no_show")
CANCELLED = ("cancelled", "rejected")


class Tab(enum.StrEnum):
    UPCOMING = "upcoming"
    PAST = "past"
    CANCELLED = "cancelled"

    @classmethod
    def named(cls, name: str | None) -> "Tab":
        """The tab ``name`` asks for; upcoming for anything else."""
        return cls(name) if name in cls._value2member_map_ else cls.UPCOMING


#: English msgids of the tabs and of booking's statuses, translated in my_bookings.po.
TAB_NAMES = {Tab.UPCOMING: "Upcoming", Tab.PAST: "Past", Tab.CANCELLED: "Cancelled"}
STATUS_NAMES = {
    "requested": "Waiting for approval",
    "confirmed": "Confirmed",
    "checked_in": "Checked in",
    "completed": "Completed",
    "cancelled": "Cancelled",
    "rejected": "Rejected",
    "no_show": "Not attended",
}


def query_of(tab: Tab, now: datetime) -> dict[str, Any]:
    """What GET /bookings is asked for a tab (the tenant is added by the caller)."""
    if tab is Tab.UPCOMING:
        return {"status": list(LIVE), "starts_from": now.isoformat()}
    if tab is Tab.PAST:
        return {"status": list(ENDED), "starts_before": now.isoformat()}
    return {"status": list(CANCELLED)}


def belongs(tab: Tab, booking: Mapping[str, Any], now: datetime) -> bool:
    """Whether ``booking`` is listed under ``tab``: every booking under exactly one."""
    if booking["status"] in CANCELLED:
        return tab is Tab.CANCELLED
    ended = _moment(booking["ends_at"]) <= now or booking["status"] in ("completed", "no_show")
    return tab is (Tab.PAST if ended else Tab.UPCOMING)


def listed(tab: Tab, bookings: Iterable[Mapping[str, Any]], now: datetime) -> list[dict]:
    """The bookings of ``tab``, their times read as datetimes."""
    return [readable(booking) for booking in bookings if belongs(tab, booking, now)]


def readable(booking: Mapping[str, Any]) -> dict[str, Any]:
    """``booking`` as booking's API answers it, with its start and end as WIB datetimes."""
    times = {key: in_wib(_moment(booking[key])) for key in ("starts_at", "ends_at")}
    return dict(booking) | times


def may_cancel(booking: Mapping[str, Any], now: datetime) -> bool:
    return booking["status"] in ("requested", "confirmed") and _moment(booking["starts_at"]) > now


def may_check_in(booking: Mapping[str, Any], now: datetime) -> bool:
    """Confirmed, from 15 minutes before the start until the end, as booking allows it."""
    starts, ends = _moment(booking["starts_at"]), _moment(booking["ends_at"])
    return booking["status"] == "confirmed" and starts - CHECK_IN_OPENS <= now < ends


def confirmation_of(status: str) -> str:
    """The sentence shown after booking: confirmed at once, or waiting for staff."""
    if status == "requested":
        return "Your booking request waits for staff approval; you will be told when it is decided."
    return "Your booking is confirmed."


def _moment(value: str | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)
