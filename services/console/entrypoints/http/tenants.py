"""Staff's tenant pages: search and filter, register, one tenant with its lifecycle actions and
history, and erasing a former tenant's personal data behind a confirmation."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.adapters.service_api import ApiProblem, ServiceApi
from services.console.domain.navigation import STAFF
from services.console.domain.problem_sentences import sentence_for
from services.console.domain.tenants import (
    ACTION_NAMES,
    KIND_NAMES,
    LIFECYCLE_ACTIONS,
    OFFBOARDING_REASONS,
    STATUS_NAMES,
    SUSPENSION_REASONS,
    Registration,
    allowed_actions,
    erase_confirmed,
    refused_fields,
)
from services.console.domain.units_leases import LEASE_STATE_NAMES
from services.console.entrypoints.http.form_errors import form_refused
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.refusals import NOT_FOUND, PageRefusal
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer, require
from services.console.service_layer.units_leases import leases_with_names

router = page_router()
Staff = Annotated[Viewer, Depends(require(*STAFF))]
NAMES = {
    "status_names": STATUS_NAMES,
    "kind_names": KIND_NAMES,
    "suspension_reasons": SUSPENSION_REASONS,
    "offboarding_reasons": OFFBOARDING_REASONS,
    "action_names": ACTION_NAMES,
    "lease_state_names": LEASE_STATE_NAMES,
}
NAME_MISMATCH = "The name typed is not this tenant's name, so nothing was erased."
PAGE_SIZE = 25


@router.get("/staff/tenants")
async def tenant_list(
    request: Request,
    viewer: Staff,
    q: str = "",
    status: str = "",
    kind: str = "",
    cursor: str = "",
) -> HTMLResponse:
    wanted = {"q": q.strip(), "status": status, "kind": kind}
    params = {name: value for name, value in wanted.items() if value} | {"limit": PAGE_SIZE}
    found = await read(service_api(request, viewer, "tenancy"), "/tenants", params | at(cursor))
    context = {"tenants": found["items"], "next_cursor": found.get("next_cursor"), "cursor": cursor}
    return render(request, viewer, "tenants/list.html", context | {"filters": wanted} | NAMES)


@router.get("/staff/tenants/new")
async def new_tenant(request: Request, viewer: Staff) -> HTMLResponse:
    return await _registration_form(request, viewer, Registration(kind="startup"))


@router.post("/staff/tenants/new")
async def register_tenant(request: Request, viewer: Staff) -> Response:
    form = Registration.of(await request.form())
    api = service_api(request, viewer, "tenancy")
    try:
        created = await api.post("/tenants", json=form.body())
    except ApiProblem as problem:
        plans = await _plans(api)
        context = {"form": form, "plans": plans, "bad": refused_fields(problem.code, problem.body)}
        return form_refused(request, viewer, "tenants/new.html", problem, context | NAMES)
    return RedirectResponse(f"/staff/tenants/{created['id']}", status_code=303)


@router.get("/staff/tenants/{tenant_id}")
async def tenant_page(request: Request, viewer: Staff, tenant_id: uuid.UUID) -> HTMLResponse:
    return await _tenant_page(request, viewer, tenant_id)


@router.get("/staff/tenants/{tenant_id}/erase")
async def erase_page(request: Request, viewer: Staff, tenant_id: uuid.UUID) -> HTMLResponse:
    tenant = await read(service_api(request, viewer, "tenancy"), f"/tenants/{tenant_id}")
    return render(request, viewer, "tenants/erase.html", {"tenant": tenant, "typed": ""} | NAMES)


@router.post("/staff/tenants/{tenant_id}/erase")
async def erase(
    request: Request,
    viewer: Staff,
    tenant_id: uuid.UUID,
    confirm_name: Annotated[str, Form()] = "",
) -> Response:
    api = service_api(request, viewer, "tenancy")
    tenant = await read(api, f"/tenants/{tenant_id}")
    context = {"tenant": tenant, "typed": confirm_name} | NAMES
    if not erase_confirmed(confirm_name, tenant["display_name"]):
        context["problem_sentence"] = NAME_MISMATCH
        return render(request, viewer, "tenants/erase.html", context, 422)
    try:
        await api.post(f"/tenants/{tenant_id}/erase-personal-data")
    except ApiProblem as problem:
        return form_refused(request, viewer, "tenants/erase.html", problem, context)
    return RedirectResponse(f"/staff/tenants/{tenant_id}", status_code=303)


# Last: the erase route above is more specific than "{action}".
@router.post("/staff/tenants/{tenant_id}/{action}")
async def tenant_action(
    request: Request,
    viewer: Staff,
    tenant_id: uuid.UUID,
    action: str,
    reason: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    if action not in LIFECYCLE_ACTIONS:
        raise PageRefusal(404, NOT_FOUND)
    body = {"reason": reason} if action in ("suspend", "offboard") else {"note": note or None}
    try:
        await service_api(request, viewer, "tenancy").post(f"/tenants/{tenant_id}/{action}", body)
    except ApiProblem as problem:
        sentence = sentence_for(problem.status, problem.code)
        status = problem.status if problem.status < 500 else 502
        return await _tenant_page(request, viewer, tenant_id, sentence, status)
    return RedirectResponse(f"/staff/tenants/{tenant_id}", status_code=303)


async def _tenant_page(
    request: Request, viewer: Viewer, tenant_id: uuid.UUID, problem: str = "", status: int = 200
) -> HTMLResponse:
    api = service_api(request, viewer, "tenancy")
    tenant = await read(api, f"/tenants/{tenant_id}")
    history = await read(api, f"/tenants/{tenant_id}/history")
    leases = await read(api, "/leases", {"tenant_id": str(tenant_id), "limit": 200})
    plans = {plan["code"]: plan for plan in await _plans(api)}
    context = {
        "tenant": tenant,
        "registered": datetime.fromisoformat(tenant["registered_at"]),
        "plan": plans.get(tenant["plan_code"]),
        "leases": await leases_with_names(api, leases["items"]),
        "history": [step | {"at": datetime.fromisoformat(step["occurred_at"])} for step in history],
        "actions": allowed_actions(tenant["status"], tenant["personal_data_erased_at"] is not None),
        "problem_sentence": problem,
    }
    return render(request, viewer, "tenants/tenant.html", context | NAMES, status)


async def _registration_form(request: Request, viewer: Viewer, form: Registration) -> HTMLResponse:
    plans = await _plans(service_api(request, viewer, "tenancy"))
    context = {"form": form, "plans": plans, "bad": set()} | NAMES
    return render(request, viewer, "tenants/new.html", context)


async def _plans(api: ServiceApi) -> list[dict]:
    return (await read(api, "/plans", {"limit": 200}))["items"]


async def read(api: ServiceApi, path: str, params: dict | None = None) -> dict:
    """A GET a staff page cannot be drawn without: tenancy's refusal is the page's own."""
    try:
        return await api.get(path, params)
    except ApiProblem as problem:
        status = problem.status if problem.status < 500 else 502
        raise PageRefusal(status, sentence_for(problem.status, problem.code)) from problem


def at(cursor: str) -> dict[str, str]:
    """The page after the one whose ``next_cursor`` a "next page" link carried."""
    return {"cursor": cursor} if cursor else {}
