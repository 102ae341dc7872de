"""What the staff's unit, lease and occupancy pages work out from tenancy's answers: occupancy
shares per site, which actions a lease's state allows, the days a termination defaults to, and
areas written the reader's way. Names are English msgids (translations/*/units_leases.po)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.numbers import format_decimal

from services.console.domain.catalogue import SITE_NAMES

UNIT_STATUS_NAMES: dict[str, str] = {
    "vacant": "Free",
    "leased": "Leased",
    "maintenance": "Under maintenance",
}
LEASE_STATE_NAMES: dict[str, str] = {
    "draft": "Draft",
    "active": "Active",
    "ended": "Ended",
    "terminated": "Terminated",
}
#: The "ending within" choices the leases page offers, in days.
EXPIRING_CHOICES = (7, 30, 60, 90)


def lease_actions(state: str) -> tuple[str, ...]:
    """tenancy signs only a draft (one left when signing it at once was refused), and renews
    and terminates only an active lease (services/tenancy/domain/lease.py)."""
    return {"draft": ("sign",), "active": ("renew", "terminate")}.get(state, ())


def default_termination(today: date, ends_on: date) -> tuple[date, date]:
    """(notice given on, last day) the terminate form starts with: notice today, leaving in 30
    days, never later than the lease's own last day nor before today."""
    last_day = min(ends_on, date.fromordinal(today.toordinal() + 30))
    return today, max(last_day, today)


def typed_rupiah(typed: str) -> int | str:
    """Rupiah as staff type them (``1.500.000``, ``Rp 1500000``) as a number; anything else is
    sent on as typed, so tenancy refuses it with its own problem."""
    digits = typed.replace("Rp", "").replace(".", "").replace(" ", "").strip()
    return int(digits) if digits.isdigit() else typed


def share(part: float, whole: float) -> int:
    """``part`` of ``whole`` in whole percent, rounded down so a full bar means really full;
    nothing of nothing is 0 %."""
    if whole <= 0:
        return 0
    return min(100, max(0, int(part * 100 // whole)))


@dataclass(frozen=True)
class SiteOccupancy:
    code: str
    name: str
    units_leased: int
    units_total: int
    area_leased_m2: float
    area_total_m2: float

    @property
    def units_share(self) -> int:
        return share(self.units_leased, self.units_total)

    @property
    def area_share(self) -> int:
        return share(self.area_leased_m2, self.area_total_m2)


def occupancy_rows(report: Mapping[str, Any], site: str | None) -> list[SiteOccupancy]:
    """One row per site of tenancy's GET /occupancy (only ``site`` when given), in site order."""
    rows = []
    for code, figures in report.get("sites", {}).items():
        if site in (None, code):
            rows.append(_row(code, SITE_NAMES.get(code, code), figures))
    order = list(SITE_NAMES)
    return sorted(rows, key=lambda row: order.index(row.code) if row.code in order else len(order))


def overall_row(report: Mapping[str, Any]) -> SiteOccupancy:
    return _row("", "All sites", report["overall"])


def _row(code: str, name: str, figures: Mapping[str, Any]) -> SiteOccupancy:
    return SiteOccupancy(
        code=code,
        name=name,
        units_leased=int(figures["units_leased"]),
        units_total=int(figures["units_total"]),
        area_leased_m2=float(figures["area_leased_m2"]),
        area_total_m2=float(figures["area_total_m2"]),
    )


def area(square_metres: float, language: str) -> str:
    """E.g. ``12,5 m²`` in Bahasa Indonesia, ``12.5 m²`` in English."""
    return f"{format_decimal(square_metres, format='#,##0.##', locale=language)} m²"
