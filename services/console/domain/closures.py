"""Closing a space or a whole site: the form staff fill (what, which days and hours in WIB, why)
read into the period booking's closures API takes, and the closures listed soonest first."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from services.console.domain.formatting import WIB, in_wib

#: Booking's closure reasons, as staff read them (English msgids, translated in closures.po).
CLOSURE_REASONS: dict[str, str] = {
    "public_holiday": "Public holiday",
    "maintenance": "Maintenance",
    "city_event": "City event",
    "other": "Other",
}
WHOLE_SITE = "site:"
NO_TARGET = "Choose what to close."
NO_DAY = "Give the first day of the closure."
BAD_REASON = "Choose why it closes."
ENDS_BEFORE_START = "The closure must end after it starts."
BAD_TIME = "Give days as a date and times as hours and minutes, e.g. 08:00."


@dataclass(frozen=True)
class ClosureRequest:
    """What ``POST /closures`` and ``GET /closures/preview`` take."""

    site: str
    space_id: str | None
    starts_at: datetime
    ends_at: datetime
    reason: str

    def as_query(self) -> dict[str, str]:
        fields = {
            "site": self.site,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "reason": self.reason,
        }
        return fields | ({"space_id": self.space_id} if self.space_id else {})


@dataclass(frozen=True)
class ClosureForm:
    """As filled in: ``target`` is ``site:<code>`` or a space id; days ``YYYY-MM-DD`` and
    times ``HH:MM`` on the sites' wall clock; an empty last day is the first day, an empty
    start time midnight, an empty end time the end of the last day."""

    target: str = ""
    first_day: str = ""
    from_time: str = ""
    last_day: str = ""
    until_time: str = ""
    reason: str = ""

    def request(self, space_sites: Mapping[str, str]) -> ClosureRequest | str:
        """The closure asked for, or the msgid of what is missing or wrong."""
        if self.target.startswith(WHOLE_SITE) and self.target[len(WHOLE_SITE) :]:
            site, space_id = self.target[len(WHOLE_SITE) :], None
        elif self.target in space_sites:
            site, space_id = space_sites[self.target], self.target
        else:
            return NO_TARGET
        if self.reason not in CLOSURE_REASONS:
            return BAD_REASON
        try:
            first = date.fromisoformat(self.first_day)
        except ValueError:
            return NO_DAY
        try:
            last = date.fromisoformat(self.last_day) if self.last_day else first
            starts = datetime.combine(first, _time(self.from_time) or time(0), WIB)
            until = _time(self.until_time)
        except ValueError:
            return BAD_TIME
        if until is None:
            ends = datetime.combine(last + timedelta(days=1), time(0), WIB)
        else:
            ends = datetime.combine(last, until, WIB)
        if ends <= starts:
            return ENDS_BEFORE_START
        return ClosureRequest(site, space_id, starts, ends, self.reason)


def _time(value: str) -> time | None:
    return time.fromisoformat(value) if value else None


@dataclass(frozen=True)
class ClosureRow:
    closure_id: str
    what: str
    starts_at: datetime
    ends_at: datetime
    reason: str


def closure_rows(
    closures: Iterable[Mapping[str, Any]],
    space_names: Mapping[str, str],
    site_names: Mapping[str, str],
) -> list[ClosureRow]:
    """Soonest first; ``what`` names the space, or the site when the whole site closes."""
    rows = [
        ClosureRow(
            closure_id=c["id"],
            what=space_names.get(c["space_id"], c["space_id"])
            if c.get("space_id")
            else site_names.get(c["site"], c["site"]),
            starts_at=in_wib(datetime.fromisoformat(c["starts_at"])),
            ends_at=in_wib(datetime.fromisoformat(c["ends_at"])),
            reason=c["reason"],
        )
        for c in closures
    ]
    return sorted(rows, key=lambda row: (row.starts_at, row.closure_id))
