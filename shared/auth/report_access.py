"""Who reads the reports (docs/reports.md): staff, admins and integrators. An integrator whose
token names a sponsoring agency (claim ``bitc_sponsor_agency``) reports for that agency only:
the sponsor report is cut to its communities, and the city-wide reports are refused to it (403
``sponsor-scoped``), since they would show it every tenant. Staff see everything, whatever
their token names."""

from typing import Annotated

from fastapi import Depends

from shared.auth.access import Principal, Role, allow
from shared.http.problems import Problem

ReportReader = Annotated[Principal, Depends(allow(Role.manager, Role.integrator))]


def reporting_agency(caller: Principal) -> str | None:
    """The one agency the caller reports for; None for staff and city-wide integrators."""
    if caller.roles & {Role.manager, Role.admin}:
        return None
    return caller.sponsor_agency


async def city_wide_reader(caller: ReportReader) -> Principal:
    if (agency := reporting_agency(caller)) is not None:
        raise Problem(
            403,
            "sponsor-scoped",
            "This report is city-wide",
            f"your token reports for {agency} only; ask for /reports/sponsors",
        )
    return caller


CityWideReader = Annotated[Principal, Depends(city_wide_reader)]


def agency_in_scope(caller: Principal, asked: str | None) -> str | None:
    """The agency to report on: the caller's own when it has one (403 ``other-sponsor`` when
    it asked for another), else the one asked for, if any."""
    agency = reporting_agency(caller)
    if agency is not None and asked not in (None, agency):
        raise Problem(
            403,
            "other-sponsor",
            "You see only your own agency's communities",
            f"your token reports for {agency!r}",
            sponsor_agency=agency,
        )
    return agency or asked
