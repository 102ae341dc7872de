"""Closures: the coming ones, and closing a space or a site, which first shows the bookings it
would cancel and is made only when staff confirm."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse

from services.console.adapters.service_api import ApiProblem
from services.console.domain.catalogue import SITE_NAMES
from services.console.domain.closures import (
    CLOSURE_REASONS,
    ClosureForm,
    ClosureRequest,
    closure_rows,
)
from services.console.domain.navigation import STAFF
from services.console.entrypoints.http.form_errors import form_refused
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer, require
from services.console.service_layer.approving import described_bookings

router = page_router()
StaffViewer = Annotated[Viewer, Depends(require(*STAFF))]
#: How far ahead the list of closures looks.
LIST_AHEAD = timedelta(days=365)


async def _form(
    target: Annotated[str, Form()] = "",
    first_day: Annotated[str, Form()] = "",
    from_time: Annotated[str, Form()] = "",
    last_day: Annotated[str, Form()] = "",
    until_time: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> ClosureForm:
    return ClosureForm(target, first_day, from_time, last_day, until_time, reason)


Filled = Annotated[ClosureForm, Depends(_form)]


@router.get("/staff/closures")
async def closures(request: Request, viewer: StaffViewer) -> HTMLResponse:
    booking = service_api(request, viewer, "booking")
    now = datetime.now(UTC)
    try:
        found = await booking.get(
            "/closures", {"starts_at": now.isoformat(), "ends_at": (now + LIST_AHEAD).isoformat()}
        )
        spaces = await booking.get("/spaces")
    except ApiProblem as problem:
        context = {"rows": [], "reasons": CLOSURE_REASONS}
        return form_refused(request, viewer, "closures/list.html", problem, context)
    rows = closure_rows(found, {s["id"]: s["name"] for s in spaces}, SITE_NAMES)
    return render(request, viewer, "closures/list.html", {"rows": rows, "reasons": CLOSURE_REASONS})


@router.get("/staff/closures/new")
async def new_closure(request: Request, viewer: StaffViewer, target: str = "") -> HTMLResponse:
    return await _form_page(request, viewer, ClosureForm(target=target))


@router.post("/staff/closures/new")
async def preview_closure(request: Request, viewer: StaffViewer, form: Filled) -> HTMLResponse:
    """Nothing is closed yet: the bookings the closure would cancel, and a button to confirm."""
    booking = service_api(request, viewer, "booking")
    try:
        spaces = await booking.get("/spaces")
        asked = form.request({s["id"]: s["site"] for s in spaces})
        if not isinstance(asked, ClosureRequest):
            return await _form_page(request, viewer, form, asked, 422, spaces)
        preview = await booking.get("/closures/preview", asked.as_query())
        affected = await described_bookings(
            booking, service_api(request, viewer, "tenancy"), preview["bookings"]
        )
    except ApiProblem as problem:
        return await _form_refused(request, viewer, form, problem)
    context = {
        "form": form,
        "asked": asked,
        "what": _what(asked, spaces),
        "affected": affected,
        "reasons": CLOSURE_REASONS,
        "idempotency_key": str(uuid.uuid4()),
    }
    return render(request, viewer, "closures/preview.html", context)


@router.post("/staff/closures")
async def confirm_closure(
    request: Request,
    viewer: StaffViewer,
    form: Filled,
    idempotency_key: Annotated[str, Form()] = "",
) -> HTMLResponse:
    booking = service_api(request, viewer, "booking")
    key = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
    try:
        spaces = await booking.get("/spaces")
        asked = form.request({s["id"]: s["site"] for s in spaces})
        if not isinstance(asked, ClosureRequest):
            return await _form_page(request, viewer, form, asked, 422, spaces)
        # The same rule decides both, so what the preview answers now is what gets cancelled.
        preview = await booking.get("/closures/preview", asked.as_query())
        made = await booking.post("/closures", json=asked.as_query(), headers=key)
        cancelled = await described_bookings(
            booking, service_api(request, viewer, "tenancy"), preview["bookings"]
        )
    except ApiProblem as problem:
        return await _form_refused(request, viewer, form, problem)
    context = {
        "asked": asked,
        "what": _what(asked, spaces),
        "count": made.get("bookings_cancelled") or 0,
        "cancelled": cancelled,
        "reasons": CLOSURE_REASONS,
    }
    return render(request, viewer, "closures/done.html", context, 201)


def _what(asked: ClosureRequest, spaces: list[dict]) -> str:
    if asked.space_id:
        return next((s["name"] for s in spaces if s["id"] == asked.space_id), asked.space_id)
    return SITE_NAMES.get(asked.site, asked.site)


async def _form_page(
    request: Request,
    viewer: Viewer,
    form: ClosureForm,
    problem_sentence: str | None = None,
    status: int = 200,
    spaces: list[dict] | None = None,
) -> HTMLResponse:
    try:
        if spaces is None:
            spaces = await service_api(request, viewer, "booking").get("/spaces")
    except ApiProblem as problem:
        return form_refused(request, viewer, "closures/new.html", problem, _form_context(form, []))
    context = _form_context(form, spaces) | {"problem_sentence": problem_sentence}
    return render(request, viewer, "closures/new.html", context, status)


async def _form_refused(
    request: Request, viewer: Viewer, form: ClosureForm, problem: ApiProblem
) -> HTMLResponse:
    try:
        spaces = await service_api(request, viewer, "booking").get("/spaces")
    except ApiProblem:
        spaces = []
    context = _form_context(form, spaces)
    return form_refused(request, viewer, "closures/new.html", problem, context)


def _form_context(form: ClosureForm, spaces: list[dict]) -> dict[str, Any]:
    by_site = {
        code: sorted((s for s in spaces if s["site"] == code), key=lambda s: s["name"])
        for code in SITE_NAMES
    }
    return {
        "form": form,
        "sites": SITE_NAMES,
        "spaces_by_site": by_site,
        "reasons": CLOSURE_REASONS,
    }
