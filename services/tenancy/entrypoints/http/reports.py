"""The occupancy and admissions reports, month by month in WIB: JSON, or CSV by ``Accept``.

Both are city-wide, so an integrator reporting for one sponsoring agency is refused them (403
``sponsor-scoped``): they would show it every tenant, not its communities only.
"""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from contracts.tenancy import Site
from services.tenancy.entrypoints.http.dependencies import UoW
from services.tenancy.entrypoints.http.report_schemas import (
    ADMISSIONS_COLUMNS,
    OCCUPANCY_COLUMNS,
    AdmissionsReportOut,
    AdmissionsRow,
    OccupancyReportOut,
    OccupancyRow,
)
from services.tenancy.service_layer import reports
from shared.auth.report_access import city_wide_reader
from shared.http.problem_docs import problems
from shared.http.report_period_query import Period
from shared.http.tabular_responses import report_csv, tabular_responses, wants_csv

router = APIRouter(prefix="/reports", tags=["reports"])
_PROBLEMS = problems(
    {
        403: "A tenant's user, or an integrator scoped to one sponsoring agency (`sponsor-scoped`)",
        422: "The period is not a month or a from/to of at most 366 days (`invalid-period`)",
    }
)


CITY_WIDE = [Depends(city_wide_reader)]


@router.get(
    "/occupancy",
    summary="Office units leased, and leases started, renewed and ended, per month and site",
    description="One row per WIB month of the period and site (`site` for one). CSV columns: "
    + ", ".join(f"`{c}`" for c in OCCUPANCY_COLUMNS)
    + ". Lease days are WIB days; a renewal counts in the WIB month it was made in.",
    dependencies=CITY_WIDE,
    response_model=OccupancyReportOut,
    responses=tabular_responses("The report (JSON, or CSV by `Accept`)") | _PROBLEMS,
)
async def occupancy_report(
    request: Request, uow: UoW, period: Period, site: Site | None = None
) -> OccupancyReportOut | Response:
    as_csv = wants_csv(request)
    found = await reports.occupancy_by_month(uow, period, site)
    rows = [OccupancyRow.model_validate(row) for row in found]
    if as_csv:
        return report_csv("occupancy", period, OccupancyRow, rows)
    return OccupancyReportOut(from_=period.first_day, to=period.last_day, rows=rows)


@router.get(
    "/admissions",
    summary="Tenants registered, admitted, graduated and offboarded, per month and kind",
    description="One row per WIB month of the period and tenant kind. CSV columns: "
    + ", ".join(f"`{c}`" for c in ADMISSIONS_COLUMNS)
    + ". Each step counts in the WIB month it was taken in.",
    dependencies=CITY_WIDE,
    response_model=AdmissionsReportOut,
    responses=tabular_responses("The report (JSON, or CSV by `Accept`)") | _PROBLEMS,
)
async def admissions_report(
    request: Request, uow: UoW, period: Period
) -> AdmissionsReportOut | Response:
    as_csv = wants_csv(request)
    rows = [
        AdmissionsRow.model_validate(row) for row in await reports.admissions_by_month(uow, period)
    ]
    if as_csv:
        return report_csv("admissions", period, AdmissionsRow, rows)
    return AdmissionsReportOut(from_=period.first_day, to=period.last_day, rows=rows)
