"""A tenant's own bookings (upcoming, past, cancelled), one booking with its confirmation after
booking, cancelling it (after a confirmation page) and checking in; and its waitlist places.
Everything is read and done through booking's API with the person's token, so another
tenant's booking is simply not there for them."""

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.adapters.service_api import ApiProblem, ServiceApi
from services.console.domain.catalogue import SPACE_TYPE_NAMES
from services.console.domain.my_bookings import (
    STATUS_NAMES,
    TAB_NAMES,
    Tab,
    confirmation_of,
    listed,
    may_cancel,
    may_check_in,
    query_of,
    readable,
)
from services.console.entrypoints.http.form_errors import form_refused
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.tenant_pages import ForTenant, TenantUser, refusal_of
from services.console.entrypoints.http.upstreams import service_api

router = page_router()
PAGE_SIZE = 50
NAMES = {"status_names": STATUS_NAMES, "type_names": SPACE_TYPE_NAMES}
STEPS = {"may_cancel": may_cancel, "may_check_in": may_check_in}


@router.get("/my/bookings")
async def my_bookings(
    request: Request, person: ForTenant, tab: str | None = None, cursor: str | None = None
) -> HTMLResponse:
    shown, now = Tab.named(tab), datetime.now(UTC)
    api = _booking(request, person)
    query = query_of(shown, now) | {"tenant_id": str(person.tenant_id), "limit": PAGE_SIZE}
    try:
        found = await api.get("/bookings", query | ({"cursor": cursor} if cursor else {}))
        spaces = await _space_names(api)
    except ApiProblem as problem:
        raise refusal_of(problem) from problem
    context = {
        "tab": shown,
        "tabs": TAB_NAMES,
        "bookings": listed(shown, found["items"], now),
        "next_cursor": found["next_cursor"],
        "spaces": spaces,
        "now": now,
    }
    return render(request, person.viewer, "my_bookings/bookings.html", context | NAMES | STEPS)


@router.get("/my/bookings/{booking_id}")
async def one_booking(
    request: Request, person: ForTenant, booking_id: uuid.UUID, booked: bool = False
) -> HTMLResponse:
    context = await _booking_context(request, person, booking_id)
    if booked:
        context["confirmation"] = confirmation_of(context["booking"]["status"])
    return render(request, person.viewer, "my_bookings/booking.html", context)


@router.get("/my/bookings/{booking_id}/cancel")
async def cancel_form(request: Request, person: ForTenant, booking_id: uuid.UUID) -> HTMLResponse:
    context = await _booking_context(request, person, booking_id)
    return render(request, person.viewer, "my_bookings/cancel.html", context)


@router.post("/my/bookings/{booking_id}/cancel")
async def cancel(request: Request, person: ForTenant, booking_id: uuid.UUID) -> Response:
    return await _step(request, person, booking_id, "cancel", {"reason": "by_booker"})


@router.post("/my/bookings/{booking_id}/check-in")
async def check_in(request: Request, person: ForTenant, booking_id: uuid.UUID) -> Response:
    return await _step(request, person, booking_id, "check-in", None)


async def _step(
    request: Request, person: TenantUser, booking_id: uuid.UUID, step: str, body: Any
) -> Response:
    try:
        await _booking(request, person).post(f"/bookings/{booking_id}/{step}", body)
    except ApiProblem as problem:
        # Not theirs (or gone): the refusal, with nothing about the booking shown.
        context = await _booking_context(request, person, booking_id)
        return form_refused(request, person.viewer, "my_bookings/booking.html", problem, context)
    return RedirectResponse(f"/my/bookings/{booking_id}?done={step}", status_code=303)


async def _booking_context(
    request: Request, person: TenantUser, booking_id: uuid.UUID
) -> dict[str, Any]:
    api = _booking(request, person)
    try:
        booking = readable(await api.get(f"/bookings/{booking_id}"))
        spaces = await _space_names(api)
    except ApiProblem as problem:
        raise refusal_of(problem, "booking-not-found") from problem
    done = request.query_params.get("done")
    found = {"booking": booking, "spaces": spaces, "now": datetime.now(UTC), "done": done}
    return found | NAMES | STEPS


def _booking(request: Request, person: TenantUser) -> ServiceApi:
    return service_api(request, person.viewer, "booking")


async def _space_names(api: ServiceApi) -> dict[str, str]:
    return {space["id"]: space["name"] for space in await api.get("/spaces")}
