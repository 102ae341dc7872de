"""The approval queue: staff approve a requested booking, reject it with a reason, or decide
several at once; each booking's result is shown on its own."""

from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse

from services.console.adapters.service_api import ApiProblem
from services.console.domain.approvals import REJECTION_REASONS, Decision, Outcome, decision_of
from services.console.domain.navigation import STAFF
from services.console.entrypoints.http.form_errors import form_refused
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer, require
from services.console.service_layer.approving import (
    decide,
    described_bookings,
    pending_queue,
    sentence_of,
)

router = page_router()
StaffViewer = Annotated[Viewer, Depends(require(*STAFF))]
TEMPLATE = "approvals/queue.html"


@router.get("/staff/approvals")
async def queue(request: Request, viewer: StaffViewer) -> HTMLResponse:
    return await _queue_page(request, viewer, {})


@router.post("/staff/approvals")
async def decide_requests(
    request: Request,
    viewer: StaffViewer,
    booking_id: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    approve_one: Annotated[str, Form()] = "",
    reject_one: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> HTMLResponse:
    kept = {"selected": booking_id, "reason": reason}
    decision = decision_of(approve_one, reject_one, action, booking_id, reason)
    if not isinstance(decision, Decision):
        return await _queue_page(request, viewer, kept | {"problem_sentence": decision}, 422)
    booking = service_api(request, viewer, "booking")
    tenancy = service_api(request, viewer, "tenancy")
    try:
        decided = await decide(booking, decision)
        items = await described_bookings(
            booking, tenancy, [d.booking for d in decided if d.booking]
        )
    except ApiProblem as problem:
        return await _refused(request, viewer, problem, kept)
    by_id = {item.booking_id: item for item in items}
    outcomes = [
        Outcome(
            d.booking_id,
            by_id.get(d.booking_id),
            d.problem is None,
            sentence_of(d.problem) if d.problem else None,
        )
        for d in decided
    ]
    refused = [d.problem for d in decided if d.problem]
    status = refused[0].status if refused and len(refused) == len(decided) else 200
    context = {"outcomes": outcomes, "verb": decision.verb}
    if status != 200:
        context |= kept
    return await _queue_page(request, viewer, context, status)


async def _queue_page(
    request: Request, viewer: Viewer, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    defaults = {"reasons": REJECTION_REASONS, "selected": [], "reason": "", "outcomes": []}
    try:
        items = await pending_queue(
            service_api(request, viewer, "booking"), service_api(request, viewer, "tenancy")
        )
    except ApiProblem as problem:
        return await _refused(request, viewer, problem, defaults | context)
    return render(request, viewer, TEMPLATE, defaults | context | {"items": items}, status)


async def _refused(
    request: Request, viewer: Viewer, problem: ApiProblem, context: dict[str, Any]
) -> HTMLResponse:
    defaults = {"reasons": REJECTION_REASONS, "selected": [], "reason": "", "outcomes": []}
    return form_refused(request, viewer, TEMPLATE, problem, defaults | context | {"items": []})
