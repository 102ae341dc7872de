"""What the report pages make of the services' report rows: totals per community, space or
month, and the bars of their charts. Bars are drawn with CSS from a share in whole percent; the
same figures are always in a table beside them. Names are English msgids (reports.po)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from services.console.domain.catalogue import SITE_NAMES
from services.console.domain.units_leases import share

Row = Mapping[str, Any]

_USE_HOURS = ("booked_hours", "used_hours", "opening_hours")
SPONSOR_HOURS = (
    "hours_requested",
    "hours_approved",
    "hours_used",
    "hours_cancelled",
    "hours_no_show",
)
#: The Download CSV link of each report file.
DOWNLOAD_LABELS = {
    "sponsors": "Download CSV",
    "utilisation": "Download CSV",
    "occupancy": "Download the offices (CSV)",
    "admissions": "Download the admissions (CSV)",
}


def hours(value: float, language: str) -> str:
    """E.g. ``12,5`` / ``12.5``: at most two places, as the reports round them."""
    return format_decimal(round(value, 2), "#,##0.##", locale=language)


def percent(fraction: float, language: str) -> str:
    """A 0..1 share as ``42,5 %`` / ``42.5%``."""
    return format_decimal(fraction * 100, "#,##0.#", locale=language) + "%"


@dataclass(frozen=True)
class ChartGroup:
    """One label of a bar chart and its bars: (width in whole percent, the figure written)."""

    label: str
    bars: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class CommunityHours:
    sponsor_agency: str
    tenant_id: str
    name: str
    hours_requested: float
    hours_approved: float
    hours_used: float
    hours_cancelled: float
    hours_no_show: float


def community_totals(rows: Iterable[Row], names: Mapping[str, str]) -> list[CommunityHours]:
    """The sponsor report's rows summed per sponsoring agency and community, by agency and then
    by name; a community tenancy no longer names shows its id."""
    summed: dict[tuple[str, str], dict[str, float]] = defaultdict(
        lambda: dict.fromkeys(SPONSOR_HOURS, 0.0)
    )
    for row in rows:
        totals = summed[(row["sponsor_agency"], row["tenant_id"])]
        for field in SPONSOR_HOURS:
            totals[field] += row[field]
    found = [
        CommunityHours(
            agency,
            tenant_id,
            names.get(tenant_id, tenant_id),
            **{k: round(v, 2) for k, v in totals.items()},
        )
        for (agency, tenant_id), totals in summed.items()
    ]
    return sorted(found, key=lambda c: (c.sponsor_agency, c.name.lower()))


@dataclass(frozen=True)
class SpaceUse:
    site: str
    space_code: str
    space_name: str
    space_type: str
    booked_hours: float
    used_hours: float
    opening_hours: float

    @property
    def share_of_opening(self) -> float:
        return _fraction(self.booked_hours, self.opening_hours)


def space_totals(rows: Iterable[Row]) -> list[SpaceUse]:
    """The utilisation report's totals rows (``tenant_kind`` = ``all``) summed over the
    period's months, one per space, by site and code."""
    summed: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["tenant_kind"] != "all":
            continue
        space = summed.setdefault(
            row["space_id"],
            {key: row[key] for key in ("site", "space_code", "space_name", "space_type")}
            | dict.fromkeys(_USE_HOURS, 0.0),
        )
        for field in _USE_HOURS:
            space[field] += row[field]
    return sorted(
        (SpaceUse(**values) for values in summed.values()), key=lambda s: (s.site, s.space_code)
    )


def kind_totals(rows: Iterable[Row]) -> dict[str, tuple[float, float]]:
    """tenant kind -> (booked, used) hours over every space and month, largest booked first."""
    summed: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        if row["tenant_kind"] != "all":
            summed[row["tenant_kind"]][0] += row["booked_hours"]
            summed[row["tenant_kind"]][1] += row["used_hours"]
    ordered = sorted(summed.items(), key=lambda item: -item[1][0])
    return {kind: (round(booked, 2), round(used, 2)) for kind, (booked, used) in ordered}


def admissions_by_month(rows: Iterable[Row]) -> dict[str, tuple[int, int]]:
    """month -> (admitted, graduated) over every tenant kind, oldest month first."""
    summed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        summed[row["month"]][0] += row["admitted"]
        summed[row["month"]][1] += row["graduated"]
    return {month: (admitted, graduated) for month, (admitted, graduated) in sorted(summed.items())}


def sponsor_chart(communities: Sequence[CommunityHours], language: str) -> list[ChartGroup]:
    """Per community: hours requested, approved and used, on the scale of the most requested."""
    top = max((c.hours_requested for c in communities), default=0)
    return [
        ChartGroup(
            c.name,
            tuple(
                (share(value, top), hours(value, language))
                for value in (c.hours_requested, c.hours_approved, c.hours_used)
            ),
        )
        for c in communities
    ]


def utilisation_chart(spaces: Sequence[SpaceUse], language: str) -> list[ChartGroup]:
    """Per space: the share of its opening hours booked and used (a full bar: every hour)."""
    return [
        ChartGroup(
            f"{_site(s.site)} \u00b7 {s.space_name}",
            tuple(
                (share(fraction, 1), percent(fraction, language))
                for fraction in (s.share_of_opening, _fraction(s.used_hours, s.opening_hours))
            ),
        )
        for s in spaces
    ]


def occupancy_chart(months: Sequence[Row], language: str) -> list[ChartGroup]:
    """Per month and site: units leased of all units (a full bar: every unit leased)."""
    return [
        ChartGroup(
            f"{month_label(row['month'], language)} \u00b7 {_site(row['site'])}",
            (
                (
                    share(row["units_leased"], row["units_total"]),
                    f"{row['units_leased']}/{row['units_total']}",
                ),
            ),
        )
        for row in months
    ]


def admissions_chart(by_month: Mapping[str, tuple[int, int]], language: str) -> list[ChartGroup]:
    """Per month: tenants admitted and graduated, on the scale of the largest count."""
    top = max((max(pair) for pair in by_month.values()), default=0)
    return [
        ChartGroup(
            month_label(month, language),
            tuple((share(count, top), str(count)) for count in pair),
        )
        for month, pair in by_month.items()
    ]


def month_label(month: str, language: str) -> str:
    """``2026-11`` as ``Nov 2026`` in the reader's language."""
    year, number = (int(part) for part in month.split("-"))
    return format_date(date(year, number, 1), "MMM y", locale=language)


def _fraction(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _site(code: str) -> str:
    return SITE_NAMES.get(code, code)
