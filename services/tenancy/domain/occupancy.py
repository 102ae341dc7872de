"""Occupancy of the office units, per site and overall: what the operator reports to the city."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from contracts.tenancy import Site, TenantKind, UnitStatus


@dataclass(frozen=True)
class UnitFigure:
    """One unit as occupancy sees it; ``tenant_kind`` is the kind of its current lessee."""

    site: Site
    area_m2: float
    status: UnitStatus


@dataclass
class Occupancy:
    units_total: int = 0
    units_leased: int = 0
    area_total_m2: float = 0.0
    area_leased_m2: float = 0.0
    tenants_by_kind: dict[TenantKind, int] = field(default_factory=dict)

    @property
    def unit_rate(self) -> float:
        return self.units_leased / self.units_total if self.units_total else 0.0

    @property
    def area_rate(self) -> float:
        return self.area_leased_m2 / self.area_total_m2 if self.area_total_m2 else 0.0


def occupancy_by_site(
    units: Iterable[UnitFigure], lessee_kinds: Iterable[tuple[Site, TenantKind]]
) -> dict[Site, Occupancy]:
    """Per site; ``lessee_kinds``: one entry per (site, tenant) whose lease holds a unit there."""
    sites = {site: Occupancy() for site in Site}
    for unit in units:
        figure = sites[unit.site]
        figure.units_total += 1
        figure.area_total_m2 += unit.area_m2
        if unit.status is UnitStatus.LEASED:
            figure.units_leased += 1
            figure.area_leased_m2 += unit.area_m2
    kinds: dict[Site, Counter[TenantKind]] = {site: Counter() for site in Site}
    for site, kind in lessee_kinds:
        kinds[site][kind] += 1
    for site, figure in sites.items():
        figure.tenants_by_kind = {kind: kinds[site][kind] for kind in TenantKind}
    return sites


def overall(sites: dict[Site, Occupancy], tenants_by_kind: dict[TenantKind, int]) -> Occupancy:
    """All sites together; tenants counted once each, active tenants whatever they rent."""
    return Occupancy(
        units_total=sum(s.units_total for s in sites.values()),
        units_leased=sum(s.units_leased for s in sites.values()),
        area_total_m2=sum(s.area_total_m2 for s in sites.values()),
        area_leased_m2=sum(s.area_leased_m2 for s in sites.values()),
        tenants_by_kind={kind: tenants_by_kind.get(kind, 0) for kind in TenantKind},
    )
