"""What the occupancy and admissions reports answer: the period and one row per WIB month and
site (or tenant kind). A row's fields are the CSV's columns, in this order."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from contracts.tenancy import Site, TenantKind

Month = Field(description="The calendar month in WIB, YYYY-MM", examples=["2026-11"])


class OccupancyRow(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    month: str = Month
    site: Site
    units_total: int = Field(description="Units at the site by the month's end")
    units_leased: int = Field(
        description="Units a signed lease holds on the month's last day (the period's last "
        "day when the period ends within the month)"
    )
    area_leased_m2: float = Field(description="Their area, m², 2 places")
    leases_started: int = Field(description="Signed leases whose first day is in the month")
    leases_renewed: int = Field(description="Renewals made in the month")
    leases_ending: int = Field(
        description="Signed leases whose last day is in the month, whatever their state"
    )
    leases_ended: int = Field(description="Of those, the ones that are over: ended or terminated")


class AdmissionsRow(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    month: str = Month
    kind: TenantKind
    registered: int = Field(description="Tenants who applied in the month")
    admitted: int = Field(description="Tenants activated in the month")
    graduated: int = Field(description="Tenants offboarded in the month as graduated")
    offboarded: int = Field(description="Tenants offboarded in the month for another reason")
    active_at_month_end: int = Field(
        description="Tenants admitted and not gone (active or suspended) as the month ends"
    )


class _Report(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from", description="First day (WIB)")
    to: date = Field(description="Last day (WIB, included)")


class OccupancyReportOut(_Report):
    rows: list[OccupancyRow]


class AdmissionsReportOut(_Report):
    rows: list[AdmissionsRow]


OCCUPANCY_COLUMNS = tuple(OccupancyRow.model_fields)
ADMISSIONS_COLUMNS = tuple(AdmissionsRow.model_fields)
