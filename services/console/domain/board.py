"""The staff board of one site and one day: its spaces down, the day's hours across (WIB), each
booking written in every hour it touches, so staff see at a glance who is in where and who has
checked in."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from services.console.domain.catalogue import WEEKDAYS
from services.console.domain.formatting import WIB, in_wib

#: The states that put someone in a space; cancelled and rejected bookings leave the board.
ON_THE_BOARD = ("requested", "confirmed", "checked_in", "completed", "no_show")
#: When no space of the site opens that day, the board still shows a working day's hours.
QUIET_DAY_HOURS = (8, 17)


def day_window(day: date) -> tuple[datetime, datetime]:
    """The day from midnight to midnight on the sites' wall clock."""
    starts = datetime.combine(day, time(0), WIB)
    return starts, starts + timedelta(days=1)


@dataclass(frozen=True)
class BoardEntry:
    booking_id: str
    tenant_name: str
    status: str
    starts_at: datetime
    ends_at: datetime
    in_series: bool
    #: False in the hours after the first one this booking fills on the board.
    first_hour: bool

    @property
    def checked_in(self) -> bool:
        return self.status in ("checked_in", "completed")


@dataclass(frozen=True)
class BoardCell:
    hour: int
    #: Within the space's opening hours that day.
    open: bool
    entries: tuple[BoardEntry, ...]


@dataclass(frozen=True)
class BoardRow:
    space_id: str
    space_name: str
    cells: tuple[BoardCell, ...]


@dataclass(frozen=True)
class Board:
    day: date
    hours: tuple[int, ...]
    rows: tuple[BoardRow, ...]

    @property
    def previous_day(self) -> date:
        return self.day - timedelta(days=1)

    @property
    def next_day(self) -> date:
        return self.day + timedelta(days=1)


def build_board(
    day: date,
    spaces: Iterable[Mapping[str, Any]],
    bookings: Iterable[Mapping[str, Any]],
    tenant_names: Mapping[str, str],
) -> Board:
    """``spaces`` and ``bookings`` as booking's API answers them (one site's); a booking is
    written in every hour cell of ``day`` its period overlaps."""
    chosen = sorted((s for s in spaces if s.get("active", True)), key=lambda s: s["name"])
    placed = [b for b in bookings if b["status"] in ON_THE_BOARD]
    hours = _hours_of(day, chosen, placed)
    rows = []
    for space in chosen:
        own = sorted(
            (b for b in placed if b["space_id"] == space["id"]), key=lambda b: b["starts_at"]
        )
        open_hours = _open_hours(day, space)
        cells = tuple(
            BoardCell(hour, hour in open_hours, _entries_in(day, hour, own, tenant_names))
            for hour in hours
        )
        rows.append(BoardRow(space["id"], space["name"], cells))
    return Board(day, tuple(hours), tuple(rows))


def _entries_in(
    day: date, hour: int, bookings: list[Mapping[str, Any]], names: Mapping[str, str]
) -> tuple[BoardEntry, ...]:
    cell_starts = datetime.combine(day, time(0), WIB) + timedelta(hours=hour)
    cell_ends = cell_starts + timedelta(hours=1)
    day_starts, _ = day_window(day)
    entries = []
    for booking in bookings:
        starts, ends = _moment(booking["starts_at"]), _moment(booking["ends_at"])
        if starts < cell_ends and ends > cell_starts:
            first = max(starts, day_starts) >= cell_starts
            entries.append(
                BoardEntry(
                    booking_id=booking["id"],
                    tenant_name=names.get(booking["tenant_id"], ""),
                    status=booking["status"],
                    starts_at=starts,
                    ends_at=ends,
                    in_series=booking.get("series_id") is not None,
                    first_hour=first,
                )
            )
    return tuple(entries)


def _hours_of(
    day: date, spaces: list[Mapping[str, Any]], bookings: list[Mapping[str, Any]]
) -> range:
    """From the earliest opening to the latest closing of the site's spaces that day, widened to
    any booking outside them (the hours may have changed after it was made)."""
    opened = [hour for space in spaces for hour in _open_hours(day, space)]
    first, last = (min(opened), max(opened) + 1) if opened else QUIET_DAY_HOURS
    day_starts, day_ends = day_window(day)
    for booking in bookings:
        starts = max(_moment(booking["starts_at"]), day_starts)
        ends = min(_moment(booking["ends_at"]), day_ends)
        if starts < ends:
            first = min(first, starts.hour)
            last = max(last, 24 if ends == day_ends else ends.hour + (ends.minute > 0))
    return range(first, last)


def _open_hours(day: date, space: Mapping[str, Any]) -> set[int]:
    """The hours of ``day`` the space is open in, at least partly."""
    hours = space.get("opening_hours", {}).get(WEEKDAYS[day.weekday()])
    if not hours:
        return set()
    opens, closes = (time.fromisoformat(value) for value in hours)
    last = closes.hour + (closes.minute > 0)
    return set(range(opens.hour, last))


def _moment(value: str | datetime) -> datetime:
    return in_wib(datetime.fromisoformat(value) if isinstance(value, str) else value)


#: What a board entry says about a booking (English msgids, translated in board.po), with the
#: sign drawn beside it, so a state never rests on colour alone.
STATE_LABELS: dict[str, tuple[str, str]] = {
    "requested": ("Awaiting approval", "?"),
    "confirmed": ("Confirmed, not checked in", "○"),
    "checked_in": ("Checked in", "✓"),
    "completed": ("Checked in, finished", "✓"),
    "no_show": ("Did not come", "✗"),
}
