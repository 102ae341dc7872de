"""A tenant's settings as its people change them on a form: which optional messages they get
and the quiet hours for WhatsApp and SMS (notifications' preferences), and the quota rows."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: The messages a tenant may turn off (notifications' NON_ESSENTIAL), as English msgids.
OPTIONAL_MESSAGES = {
    "booking_reminder": "Reminders before a booking starts",
    "quota_exhausted": "A message when a quota is used up",
}
#: Whole hours offered as the start and end of the quiet hours.
HOURS = tuple(f"{hour:02d}:00" for hour in range(24))


@dataclass(frozen=True)
class PreferencesForm:
    wanted: frozenset[str]
    quiet: bool
    quiet_start: str = "21:00"
    quiet_end: str = "07:00"

    @classmethod
    def of(cls, preferences: Mapping[str, Any]) -> "PreferencesForm":
        quiet = preferences.get("quiet_hours")
        opted_out = set(preferences.get("opted_out", ()))
        return cls(
            wanted=frozenset(OPTIONAL_MESSAGES) - opted_out,
            quiet=quiet is not None,
            quiet_start=quiet["start"][:5] if quiet else "21:00",
            quiet_end=quiet["end"][:5] if quiet else "07:00",
        )

    def body(self, current: Mapping[str, Any]) -> dict[str, Any]:
        """The PUT body: the channels as they are, the opt-outs and quiet hours as filled."""
        quiet = {"start": self.quiet_start, "end": self.quiet_end} if self.quiet else None
        return {
            "channels": current.get("channels", {}),
            "opted_out": sorted(set(OPTIONAL_MESSAGES) - self.wanted),
            "quiet_hours": quiet,
        }


@dataclass(frozen=True)
class QuotaRow:
    space_type: str
    used_hours: float
    quota_hours: int | None
    remaining_hours: float | None

    @property
    def used_up(self) -> bool:
        return self.remaining_hours is not None and self.remaining_hours <= 0


def quota_rows(balance: Mapping[str, Any]) -> list[QuotaRow]:
    """Booking's balance rows, those the plan grants hours for first."""
    rows = [
        QuotaRow(b["space_type"], b["used_hours"], b["quota_hours"], b["remaining_hours"])
        for b in balance["balances"]
    ]
    return sorted(rows, key=lambda row: (row.quota_hours is None, row.space_type))
