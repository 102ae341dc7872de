"""What the occupancy endpoint answers."""

from pydantic import BaseModel

from contracts.tenancy import Site, TenantKind
from services.tenancy.domain.occupancy import Occupancy


class OccupancyOut(BaseModel):
    units_leased: int
    units_total: int
    area_leased_m2: float
    area_total_m2: float
    tenants_by_kind: dict[TenantKind, int]

    @classmethod
    def of(cls, figure: Occupancy) -> "OccupancyOut":
        return cls(
            units_leased=figure.units_leased,
            units_total=figure.units_total,
            area_leased_m2=round(figure.area_leased_m2, 2),
            area_total_m2=round(figure.area_total_m2, 2),
            tenants_by_kind=figure.tenants_by_kind,
        )


class OccupancyReport(BaseModel):
    overall: OccupancyOut
    sites: dict[Site, OccupancyOut]
