"""What booking's reports answer (their OpenAPI schema); a row's fields, in order, are the
columns of the report's CSV (docs/reports.md, "Booking")."""

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from contracts.booking import Site, SpaceType
from shared.domain.report_period import ReportPeriod

Hours = Field(ge=0, description="Hours, to 2 decimal places")
Share = Field(ge=0, le=1, description="0..1 to 4 places; null when there is nothing to divide by")


class SponsorRow(BaseModel):
    month: str = Field(description="WIB month the bookings start in, YYYY-MM")
    sponsor_agency: str
    tenant_id: uuid.UUID = Field(description="The sponsored community")
    site: Site
    space_type: SpaceType
    hours_requested: float = Field(ge=0, description="Every booking, whatever became of it")
    hours_approved: float = Field(ge=0, description="Confirmed, checked in, completed, no-show")
    hours_used: float = Field(ge=0, description="Checked in (now, or completed after it)")
    hours_cancelled: float = Hours
    hours_no_show: float = Hours


class UtilisationRow(BaseModel):
    month: str = Field(description="WIB month, YYYY-MM")
    site: Site
    space_id: uuid.UUID
    space_code: str
    space_name: str
    space_type: SpaceType
    tenant_kind: str = Field(description="startup, company, community, individual, or `all`")
    booked_hours: float = Field(ge=0, description="Confirmed, checked in, completed, no-show")
    used_hours: float = Field(ge=0, description="Checked in (now, or completed after it)")
    opening_hours: float = Field(ge=0, description="Open hours in the month minus closures")
    share_of_opening: float | None = Share
    no_show_rate: float | None = Share


class _Report(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from", description="First WIB day of the period")
    to: date = Field(description="Last WIB day of the period (included)")

    @classmethod
    def over(cls, period: ReportPeriod, rows: list) -> "_Report":
        return cls(from_=period.first_day, to=period.last_day, rows=rows)


class SponsorReport(_Report):
    rows: list[SponsorRow]


class UtilisationReport(_Report):
    rows: list[UtilisationRow]
