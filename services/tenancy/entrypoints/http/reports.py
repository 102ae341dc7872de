"""The occupancy and admissions reports, month by month in WIB: JSON, or CSV by ``Accept``.

Both are city-wide, so an integrator reporting for one sponsoring agency is refused them (403
``sponsor-scoped``): they would show it every tenant, not its communities only.
"""

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel

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
from shared.auth.access import Principal, Role, allow
from shared.domain.report_period import ReportPeriod
from shared.http.problem_docs import problems
from shared.http.problems import Problem
from shared.http.report_period_query import Period
from shared.http.tabular_responses import csv_response, tabular_responses, wants_csv

router = APIRouter(prefix="/reports", tags=["reports"])
_PROBLEMS = problems(
    {
        403: "A tenant's user, or an integrator scoped to one sponsoring agency (`sponsor-scoped`)",
        422: "The period is not a month or a from/to of at most 366 days (`invalid-period`)",
    }
)


def city_wide_reader(
    caller: Annotated[Principal, Depends(allow(Role.manager, Role.integrator))],
) -> Principal:
    if caller.sponsor_agency is not None:
        raise Problem(
            403,
            "sponsor-scoped",
            "This report is city-wide",
            f"Your token reports for {caller.sponsor_agency} only; ask for the sponsor report.",
        )
    return caller


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
        return _csv(OCCUPANCY_COLUMNS, rows, "occupancy", period)
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
        return _csv(ADMISSIONS_COLUMNS, rows, "admissions", period)
    return AdmissionsReportOut(from_=period.first_day, to=period.last_day, rows=rows)


def _csv(
    columns: tuple[str, ...], rows: Sequence[BaseModel], report: str, period: ReportPeriod
) -> Response:
    return csv_response(
        columns,
        (row.model_dump(mode="json") for row in rows),
        f"{report}-{period.first_day}-{period.last_day}.csv",
    )
