"""Staff's office pages: units per site, leases (all or ending soon), signing a lease, one lease
with renew and terminate (behind a confirmation), and occupancy per site."""

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.adapters.service_api import ApiProblem, ServiceApi
from services.console.domain.catalogue import SITE_NAMES
from services.console.domain.formatting import in_wib
from services.console.domain.units_leases import (
    EXPIRING_CHOICES,
    LEASE_STATE_NAMES,
    UNIT_STATUS_NAMES,
    area,
    default_termination,
    lease_actions,
    occupancy_rows,
    overall_row,
    typed_rupiah,
)
from services.console.entrypoints.http.form_errors import form_refused
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.tenants import PAGE_SIZE, Staff, at, read
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer
from services.console.service_layer.units_leases import leases_with_names

router = page_router()
NAMES = {
    "site_names": SITE_NAMES,
    "unit_status_names": UNIT_STATUS_NAMES,
    "lease_state_names": LEASE_STATE_NAMES,
}
Day = Annotated[str, Form()]


@router.get("/staff/units")
async def units(request: Request, viewer: Staff, site: str = "", cursor: str = "") -> HTMLResponse:
    params = {"limit": PAGE_SIZE} | ({"site": site} if site else {})
    found = await read(tenancy(request, viewer), "/units", params | at(cursor))
    context = {"units": found["items"], "next_cursor": found.get("next_cursor")}
    context |= {"site": site, "cursor": cursor, "area": lambda m2: area(m2, viewer.language)}
    return render(request, viewer, "units_leases/units.html", context | NAMES)


@router.get("/staff/leases")
async def leases(
    request: Request, viewer: Staff, expiring: int | None = None, cursor: str = ""
) -> HTMLResponse:
    api = tenancy(request, viewer)
    params = {"limit": PAGE_SIZE} | at(cursor)
    if expiring is not None:
        params |= {"ending_within_days": expiring, "state": "active"}
    found = await read(api, "/leases", params)
    context = {
        "leases": await leases_with_names(api, found["items"]),
        "next_cursor": found.get("next_cursor"),
        "cursor": cursor,
        "expiring": expiring,
        "choices": EXPIRING_CHOICES,
    }
    return render(request, viewer, "units_leases/leases.html", context | NAMES)


@router.get("/staff/leases/new")
async def new_lease(
    request: Request, viewer: Staff, tenant_id: str = "", unit_id: str = ""
) -> HTMLResponse:
    form = {"tenant_id": tenant_id, "unit_id": unit_id, "starts_on": "", "ends_on": ""}
    context = await _lease_choices(tenancy(request, viewer)) | {"form": form | {"rent": ""}}
    return render(request, viewer, "units_leases/new.html", context | NAMES)


@router.post("/staff/leases/new")
async def sign_lease(
    request: Request,
    viewer: Staff,
    tenant_id: Annotated[str, Form()] = "",
    unit_id: Annotated[str, Form()] = "",
    starts_on: Day = "",
    ends_on: Day = "",
    rent: Annotated[str, Form()] = "",
) -> Response:
    form = {"tenant_id": tenant_id, "unit_id": unit_id, "starts_on": starts_on, "ends_on": ends_on}
    body: dict = dict(form)
    if rent.strip():
        body["monthly_rent_idr"] = typed_rupiah(rent)
    api = tenancy(request, viewer)
    try:
        # Drafted and signed at once: at the desk the paper is signed as the form is sent.
        drafted = await api.post("/leases", json=body)
        await api.post(f"/leases/{drafted['id']}/sign")
    except ApiProblem as problem:
        context = await _lease_choices(api) | {"form": form | {"rent": rent}}
        return form_refused(request, viewer, "units_leases/new.html", problem, context | NAMES)
    return RedirectResponse(f"/staff/leases/{drafted['id']}", status_code=303)


@router.get("/staff/leases/{lease_id}")
async def lease_page(request: Request, viewer: Staff, lease_id: uuid.UUID) -> HTMLResponse:
    return await _lease_page(request, viewer, lease_id, "units_leases/lease.html")


@router.post("/staff/leases/{lease_id}/sign")
async def sign_draft(request: Request, viewer: Staff, lease_id: uuid.UUID) -> Response:
    return await _act(request, viewer, lease_id, "sign", {}, "units_leases/lease.html")


@router.post("/staff/leases/{lease_id}/renew")
async def renew(
    request: Request,
    viewer: Staff,
    lease_id: uuid.UUID,
    ends_on: Day = "",
    rent: Annotated[str, Form()] = "",
) -> Response:
    body: dict = {"ends_on": ends_on}
    if rent.strip():
        body["monthly_rent_idr"] = typed_rupiah(rent)
    return await _act(request, viewer, lease_id, "renew", body, "units_leases/lease.html")


@router.get("/staff/leases/{lease_id}/terminate")
async def terminate_page(request: Request, viewer: Staff, lease_id: uuid.UUID) -> HTMLResponse:
    return await _lease_page(request, viewer, lease_id, "units_leases/terminate.html")


@router.post("/staff/leases/{lease_id}/terminate")
async def terminate(
    request: Request,
    viewer: Staff,
    lease_id: uuid.UUID,
    notice_given_on: Day = "",
    ends_on: Day = "",
) -> Response:
    body = {"notice_given_on": notice_given_on, "ends_on": ends_on}
    return await _act(request, viewer, lease_id, "terminate", body, "units_leases/terminate.html")


@router.get("/staff/occupancy")
async def occupancy(request: Request, viewer: Staff, site: str = "") -> HTMLResponse:
    report = await read(tenancy(request, viewer), "/occupancy")
    context = {
        "rows": occupancy_rows(report, site or None),
        "overall": None if site else overall_row(report),
        "site": site,
        "area": lambda m2: area(m2, viewer.language),
    }
    return render(request, viewer, "units_leases/occupancy.html", context | NAMES)


def tenancy(request: Request, viewer: Viewer) -> ServiceApi:
    return service_api(request, viewer, "tenancy")


async def _act(
    request: Request, viewer: Viewer, lease_id: uuid.UUID, action: str, body: dict, template: str
) -> Response:
    try:
        await tenancy(request, viewer).post(f"/leases/{lease_id}/{action}", json=body or None)
    except ApiProblem as problem:
        return await _lease_page(request, viewer, lease_id, template, problem, body)
    return RedirectResponse(f"/staff/leases/{lease_id}", status_code=303)


async def _lease_page(
    request: Request,
    viewer: Viewer,
    lease_id: uuid.UUID,
    template: str,
    problem: ApiProblem | None = None,
    sent: dict | None = None,
) -> HTMLResponse:
    api = tenancy(request, viewer)
    lease = (await leases_with_names(api, [await read(api, f"/leases/{lease_id}")]))[0]
    today = in_wib(datetime.now(UTC)).date()
    notice, last_day = default_termination(today, lease["ends_on"])
    form = {"notice_given_on": notice.isoformat(), "ends_on": last_day.isoformat(), "rent": ""}
    form = form | {"renew_ends_on": ""} | _kept(sent)
    context = {"lease": lease, "actions": lease_actions(lease["state"]), "form": form} | NAMES
    if problem is not None:
        return form_refused(request, viewer, template, problem, context)
    return render(request, viewer, template, context)


def _kept(sent: dict | None) -> dict:
    """What a refused renew or terminate form sent, to draw it again as it was filled."""
    if not sent:
        return {}
    kept = dict(sent)
    if "notice_given_on" not in kept:
        kept["renew_ends_on"] = kept.pop("ends_on", "")
    kept["rent"] = str(kept.pop("monthly_rent_idr", "") or "")
    return kept


async def _lease_choices(api: ServiceApi) -> dict:
    tenants = await read(api, "/tenants", {"status": "active", "limit": 200})
    units = await read(api, "/units", {"status": "vacant", "limit": 200})
    return {"tenants": tenants["items"], "units": units["items"]}
