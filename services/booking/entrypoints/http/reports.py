"""Routes of booking's reports, JSON or CSV as ``Accept`` asks (docs/reports.md, "Booking")."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from contracts.booking import Site, SpaceType
from services.booking.entrypoints.http.dependencies import UoW
from services.booking.entrypoints.http.report_schemas import (
    SponsorReport,
    SponsorRow,
    UtilisationReport,
    UtilisationRow,
)
from services.booking.service_layer import reports
from shared.auth.report_access import CityWideReader, ReportReader, agency_in_scope
from shared.http.problem_docs import problems
from shared.http.report_period_query import Period
from shared.http.tabular_responses import report_csv, tabular_responses, wants_csv

router = APIRouter(tags=["reports"])
_PERIOD_PROBLEM = {422: "The period is not a month nor a range of at most 366 days"}


@router.get(
    "/reports/sponsors",
    summary="Each sponsored community's hours per month, site and space type",
    description="Hours requested, approved, used (checked in), cancelled and no-show of the "
    "bookings starting in the period (WIB), per sponsoring agency and community. An integrator "
    "whose token names an agency sees only that agency's communities.",
    response_model=SponsorReport,
    responses=tabular_responses("The report, as JSON or as CSV (its rows)")
    | problems({403: "Another agency than the integrator's own (`other-sponsor`)"})
    | problems(_PERIOD_PROBLEM),
)
async def sponsor_report(
    request: Request,
    period: Period,
    uow: UoW,
    caller: ReportReader,
    sponsor_agency: Annotated[
        str | None, Query(min_length=1, max_length=200, description="e.g. Dispudpar")
    ] = None,
    site: Site | None = None,
) -> SponsorReport | Response:
    as_csv = wants_csv(request)
    rows = await reports.sponsor_report(
        uow, period, sponsor_agency=agency_in_scope(caller, sponsor_agency), site=site
    )
    report = SponsorReport.over(period, [SponsorRow.model_validate(row) for row in rows])
    return report_csv("sponsors", period, SponsorRow, report.rows) if as_csv else report


@router.get(
    "/reports/utilisation",
    summary="Booked and used hours of each space against its opening hours, by tenant kind",
    description="Per WIB month and space: one row per tenant kind that booked it and one of "
    "every kind (`all`), with the opening hours less closures, the share of them booked and "
    "the no-show rate. City-wide, so not for an integrator reporting for one agency.",
    response_model=UtilisationReport,
    responses=tabular_responses("The report, as JSON or as CSV (its rows)")
    | problems({403: "An integrator reporting for one agency (`sponsor-scoped`)"})
    | problems(_PERIOD_PROBLEM),
)
async def utilisation_report(
    request: Request,
    period: Period,
    uow: UoW,
    _: CityWideReader,
    site: Site | None = None,
    space_type: SpaceType | None = None,
    space_id: uuid.UUID | None = None,
) -> UtilisationReport | Response:
    as_csv = wants_csv(request)
    rows = await reports.utilisation_report(
        uow, period, site=site, space_type=space_type, space_id=space_id
    )
    report = UtilisationReport.over(period, [UtilisationRow.model_validate(row) for row in rows])
    return report_csv("utilisation", period, UtilisationRow, report.rows) if as_csv else report
