"""Staff's report pages (docs/reports.md): the sponsor report, utilisation, occupancy and
admissions for a month or any days, per site, each with a chart, its figures as a table and a
Download CSV link. The figures are the services' own reports, asked with the person's token."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from services.console.adapters.service_api import ApiProblem
from services.console.domain import reports
from services.console.domain.catalogue import SITE_NAMES, SPACE_TYPE_NAMES
from services.console.domain.formatting import in_wib
from services.console.domain.navigation import STAFF
from services.console.domain.problem_sentences import sentence_for
from services.console.domain.report_period_choice import month_choices, period_asked
from services.console.domain.tenants import KIND_NAMES
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer, require
from services.console.service_layer.tenant_names import tenant_names

router = page_router()
StaffViewer = Annotated[Viewer, Depends(require(*STAFF))]
#: (page, title msgid, what it answers msgid), in the index's order.
REPORTS = (
    (
        "/reports/sponsors",
        "Sponsor report",
        "Hours each sponsored community asked for, got and used.",
    ),
    (
        "/reports/utilisation",
        "Utilisation",
        "How much of each space's opening hours was booked and used.",
    ),
    (
        "/reports/occupancy",
        "Occupancy and admissions",
        "Offices leased month by month; tenants admitted and graduated.",
    ),
)


@router.get("/reports")
async def index(request: Request, viewer: StaffViewer) -> HTMLResponse:
    return render(request, viewer, "reports/index.html", {"reports": REPORTS})


@router.get("/reports/sponsors")
async def sponsors(request: Request, viewer: StaffViewer, sponsor_agency: str = "") -> HTMLResponse:
    async def figures(query: dict[str, str]) -> dict[str, Any]:
        # Every agency's rows: the page offers each agency of the period to choose from.
        booking = service_api(request, viewer, "booking")
        rows = (await booking.get("/reports/sponsors", query))["rows"]
        agencies = sorted({row["sponsor_agency"] for row in rows} | {sponsor_agency} - {""})
        shown = [row for row in rows if sponsor_agency in ("", row["sponsor_agency"])]
        tenancy = service_api(request, viewer, "tenancy")
        names = await tenant_names(tenancy, (row["tenant_id"] for row in shown))
        communities = reports.community_totals(shown, names)
        return {
            "agencies": agencies,
            "agency": sponsor_agency,
            "communities": communities,
            "chart": reports.sponsor_chart(communities, viewer.language),
        }

    chosen = {"sponsor_agency": sponsor_agency} if sponsor_agency else {}
    return await _report_page(request, viewer, "sponsors", figures, ["sponsors"], chosen)


@router.get("/reports/utilisation")
async def utilisation(request: Request, viewer: StaffViewer) -> HTMLResponse:
    async def figures(query: dict[str, str]) -> dict[str, Any]:
        api = service_api(request, viewer, "booking")
        rows = (await api.get("/reports/utilisation", query))["rows"]
        spaces = reports.space_totals(rows)
        return {
            "spaces": spaces,
            "kinds": reports.kind_totals(rows),
            "chart": reports.utilisation_chart(spaces, viewer.language),
        }

    return await _report_page(request, viewer, "utilisation", figures, csv=["utilisation"])


@router.get("/reports/occupancy")
async def occupancy(request: Request, viewer: StaffViewer) -> HTMLResponse:
    async def figures(query: dict[str, str]) -> dict[str, Any]:
        api = service_api(request, viewer, "tenancy")
        offices = (await api.get("/reports/occupancy", query))["rows"]
        period = {key: value for key, value in query.items() if key != "site"}
        admissions = (await api.get("/reports/admissions", period))["rows"]
        by_month = reports.admissions_by_month(admissions)
        return {
            "offices": offices,
            "admissions": admissions,
            "occupancy_chart": reports.occupancy_chart(offices, viewer.language),
            "admissions_chart": reports.admissions_chart(by_month, viewer.language),
        }

    return await _report_page(
        request, viewer, "occupancy", figures, csv=["occupancy", "admissions"]
    )


async def _report_page(
    request: Request,
    viewer: Viewer,
    report: str,
    figures: Callable[[dict[str, str]], Any],
    csv: list[str],
    chosen: dict[str, str] | None = None,
) -> HTMLResponse:
    """The frame every report page shares: the period and site picked, the figures, the CSV
    links for the same period, site and ``chosen`` filters, and a refusal shown as a sentence."""
    today = in_wib(datetime.now(UTC)).date()
    choice, period_problem = period_asked(request.query_params, today)
    site = request.query_params.get("site", "")
    site = site if site in SITE_NAMES else ""
    query = choice.as_query() | ({"site": site} if site else {})
    language = viewer.language
    context: dict[str, Any] = {
        "action": f"/reports/{report}",
        "choice": choice,
        "period_label": choice.label(language),
        "month_choices": month_choices(today, language, choice.month),
        "site": site,
        "site_names": SITE_NAMES,
        "space_type_names": SPACE_TYPE_NAMES,
        "kind_names": KIND_NAMES,
        "download_labels": reports.DOWNLOAD_LABELS,
        "csv_links": {
            name: f"/reports/{name}.csv?{urlencode(query | (chosen or {}))}" for name in csv
        },
        "decimal": lambda value: reports.hours(value, language),
        "percent": lambda value: reports.percent(value, language),
        "month_label": lambda month: reports.month_label(month, language),
        "problem_sentence": period_problem,
    }
    template = f"reports/{report}.html"
    try:
        context |= await figures(query)
    except ApiProblem as problem:
        status = problem.status if problem.status < 500 else 502
        context["problem_sentence"] = sentence_for(problem.status, problem.code)
        return render(request, viewer, template, context | {"failed": True}, status)
    return render(request, viewer, template, context)
