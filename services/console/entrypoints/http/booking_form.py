"""Booking a space: pick a day, a length the space's rules allow and one of that day's free
slots; the booking is made through booking's API as the person, once however often the form
is sent (its Idempotency-Key travels in the form), and a refusal is said in a sentence above
the form as it was filled."""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.adapters.service_api import ApiProblem
from services.console.domain.booking_form import (
    SlotRules,
    chosen_slot,
    day_bounds,
    days_offered,
    free_slots,
)
from services.console.domain.catalogue import SPACE_TYPE_NAMES
from services.console.domain.formatting import in_wib
from services.console.domain.my_bookings import confirmation_of
from services.console.domain.problem_sentences import BY_CODE
from services.console.entrypoints.http.form_errors import form_refused
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.refusals import PageRefusal
from services.console.entrypoints.http.tenant_pages import ForTenantOrStaff, TenantUser, refusal_of
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer

router = page_router()
TEMPLATE = "booking_form/book.html"
PICK_A_SLOT = BY_CODE["off-slot-grid"]
CHOOSE_TENANT = "Choose the tenant this booking is for."


@router.get("/book/{space_id}")
async def booking_form(
    request: Request,
    person: ForTenantOrStaff,
    space_id: uuid.UUID,
    day: date | None = None,
    minutes: int | None = None,
    booked: str | None = None,
    q: str | None = None,
) -> HTMLResponse:
    if isinstance(person, Viewer):
        return await _tenant_choice(request, person, space_id, q)
    context = await _context(request, person, space_id, day, minutes, {})
    if booked:
        context["confirmation"] = confirmation_of(booked)
    return render(request, person.viewer, TEMPLATE, context)


@router.post("/book/{space_id}")
async def book(
    request: Request,
    person: ForTenantOrStaff,
    space_id: uuid.UUID,
    day: Annotated[date, Form()],
    minutes: Annotated[int, Form()],
    idempotency_key: Annotated[str, Form(max_length=100)],
    slot: Annotated[str, Form()] = "",
    attendees: Annotated[int, Form(ge=1, le=10_000)] = 1,
) -> Response:
    if isinstance(person, Viewer):
        raise PageRefusal(422, CHOOSE_TENANT)
    filled = {"slot": slot, "attendees": attendees}
    chosen = chosen_slot(slot, minutes)
    if chosen is None:
        context = await _context(request, person, space_id, day, minutes, filled)
        return render(
            request, person.viewer, TEMPLATE, context | {"problem_sentence": PICK_A_SLOT}, 422
        )
    body = {
        "space_id": str(space_id),
        "tenant_id": str(person.tenant_id),
        "starts_at": chosen.starts_at.isoformat(),
        "ends_at": chosen.ends_at.isoformat(),
        "attendees": attendees,
    }
    api = service_api(request, person.viewer, "booking")
    try:
        made = await api.post("/bookings", body, headers={"Idempotency-Key": idempotency_key})
    except ApiProblem as problem:
        context = await _context(request, person, space_id, day, minutes, filled)
        return form_refused(request, person.viewer, TEMPLATE, problem, context)
    if person.on_behalf:
        # Staff stay on the form, told what came of it, to book the next one for the tenant.
        kept = {"day": day, "minutes": minutes, "tenant_id": person.tenant_id}
        again = urlencode(kept | {"booked": made["status"]})
        return RedirectResponse(f"/book/{space_id}?{again}", status_code=303)
    return RedirectResponse(f"/my/bookings/{made['id']}?booked=1", status_code=303)


async def _tenant_choice(
    request: Request, viewer: Viewer, space_id: uuid.UUID, q: str | None
) -> HTMLResponse:
    """Staff first choose the tenant they book for: active tenants, found by name."""
    try:
        space = await service_api(request, viewer, "booking").get(f"/spaces/{space_id}")
        query = {"status": "active", "limit": 50} | ({"q": q} if q else {})
        found = await service_api(request, viewer, "tenancy").get("/tenants", query)
    except ApiProblem as problem:
        raise refusal_of(problem) from problem
    context = {"space": space, "tenants": found["items"], "q": q or ""}
    return render(request, viewer, "booking_form/for_tenant.html", context)


async def _context(
    request: Request,
    person: TenantUser,
    space_id: uuid.UUID,
    day: date | None,
    minutes: int | None,
    filled: dict[str, Any],
) -> dict[str, Any]:
    """The form drawn again from booking's answers now (a slot taken meanwhile is gone), with
    what was ``filled`` in kept."""
    now = datetime.now(UTC)
    today = in_wib(now).date()
    day = day or today
    api = service_api(request, person.viewer, "booking")
    try:
        space = await api.get(f"/spaces/{space_id}")
        rules = SlotRules.of((await api.get(f"/spaces/{space_id}/rules"))["effective"])
        starts, ends = day_bounds(day)
        free = await api.get(
            f"/spaces/{space_id}/availability",
            {"starts_at": starts.isoformat(), "ends_at": ends.isoformat()},
        )
    except ApiProblem as problem:
        raise refusal_of(problem) from problem
    length = rules.length_or_default(minutes)
    moment = datetime.fromisoformat
    intervals = [(moment(f["starts_at"]), moment(f["ends_at"])) for f in free]
    return {
        "space": space,
        "type_names": SPACE_TYPE_NAMES,
        "day": day,
        "today": today,
        "days": days_offered(today),
        "lengths": rules.lengths(),
        "minutes": length,
        "slots": free_slots(intervals, day, length, rules, now),
        "form": {"slot": "", "attendees": 1} | filled,
        # A fresh key per drawing of the form: sending this one twice books once.
        "idempotency_key": uuid.uuid4().hex,
        "for_tenant": await _tenant_named(request, person) if person.on_behalf else None,
    }


async def _tenant_named(request: Request, person: TenantUser) -> dict[str, Any]:
    """The tenant staff book for, as tenancy knows it."""
    try:
        return await service_api(request, person.viewer, "tenancy").get(
            f"/tenants/{person.tenant_id}"
        )
    except ApiProblem as problem:
        raise refusal_of(problem) from problem
