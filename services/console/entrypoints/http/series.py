"""A weekly series: a weekday, a start time and a length picked from the space's hours and
rules, between two dates, booked through booking's series API as the person; then the dates
made and those skipped, each with why."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.adapters.service_api import ApiProblem
from services.console.domain.booking_form import SlotRules
from services.console.domain.catalogue import WEEKDAY_NAMES, WEEKDAYS
from services.console.domain.formatting import in_wib
from services.console.domain.problem_sentences import BY_CODE
from services.console.domain.weekly_series import WeeklyRequest, outcomes, start_times
from services.console.entrypoints.http.form_errors import form_refused
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.tenant_pages import ForTenant, TenantUser, refusal_of
from services.console.entrypoints.http.upstreams import service_api

router = page_router()
NEW = "series/new.html"
#: A new series runs this long unless the person says otherwise.
DEFAULT_WEEKS = 8


@router.get("/series/new")
async def new_series(request: Request, person: ForTenant, space_id: uuid.UUID) -> HTMLResponse:
    context = await _form_context(request, person, space_id, {})
    return render(request, person.viewer, NEW, context)


@router.post("/series")
async def book_series(
    request: Request,
    person: ForTenant,
    space_id: Annotated[uuid.UUID, Form()],
    weekday: Annotated[str, Form(pattern="^(mon|tue|wed|thu|fri|sat|sun)$")],
    start: Annotated[time, Form()],
    minutes: Annotated[int, Form(ge=5, le=720)],
    first_day: Annotated[date, Form()],
    last_day: Annotated[date, Form()],
    idempotency_key: Annotated[str, Form(max_length=100)],
    attendees: Annotated[int, Form(ge=1, le=10_000)] = 1,
) -> Response:
    asked = WeeklyRequest(weekday, start, minutes, first_day, last_day)
    filled = {"asked": asked, "attendees": attendees}
    first = asked.first_period()
    if first is None:
        context = await _form_context(request, person, space_id, filled)
        sentence = BY_CODE["series-bounds"]
        return render(request, person.viewer, NEW, context | {"problem_sentence": sentence}, 422)
    body = {
        "space_id": str(space_id),
        "tenant_id": str(person.tenant_id),
        "starts_at": first[0].isoformat(),
        "ends_at": first[1].isoformat(),
        "frequency": "weekly",
        "until": asked.until().isoformat(),
        "attendees": attendees,
    }
    api = service_api(request, person.viewer, "booking")
    try:
        made = await api.post("/series", body, headers={"Idempotency-Key": idempotency_key})
    except ApiProblem as problem:
        context = await _form_context(request, person, space_id, filled)
        return form_refused(request, person.viewer, NEW, problem, context)
    return RedirectResponse(f"/series/{made['id']}", status_code=303)


@router.get("/series/{series_id}")
async def one_series(request: Request, person: ForTenant, series_id: uuid.UUID) -> HTMLResponse:
    api = service_api(request, person.viewer, "booking")
    try:
        found = await api.get(f"/series/{series_id}")
        space = await api.get(f"/spaces/{found['space_id']}")
    except ApiProblem as problem:
        raise refusal_of(problem, "series-not-found") from problem
    made, skipped = outcomes(found["occurrences"])
    context = {"series": found, "space": space, "made": made, "skipped": skipped}
    return render(request, person.viewer, "series/show.html", context)


async def _form_context(
    request: Request, person: TenantUser, space_id: uuid.UUID, filled: dict[str, Any]
) -> dict[str, Any]:
    api = service_api(request, person.viewer, "booking")
    try:
        space = await api.get(f"/spaces/{space_id}")
        rules = SlotRules.of((await api.get(f"/spaces/{space_id}/rules"))["effective"])
    except ApiProblem as problem:
        raise refusal_of(problem) from problem
    today = in_wib(datetime.now(UTC)).date()
    open_days = [day for day in WEEKDAYS if day in space["opening_hours"]]
    starts = start_times(space["opening_hours"], rules.granularity)
    tomorrow = today + timedelta(days=1)
    asked = filled.get("asked") or WeeklyRequest(
        weekday=open_days[0] if open_days else "mon",
        start=time(19) if time(19) in starts else (starts[0] if starts else time(9)),
        minutes=rules.length_or_default(120),
        first_day=tomorrow,
        last_day=tomorrow + timedelta(weeks=DEFAULT_WEEKS),
    )
    return {
        "space": space,
        "weekdays": [(day, WEEKDAY_NAMES[day]) for day in open_days],
        "starts": starts,
        "lengths": rules.lengths(),
        "asked": asked,
        "attendees": filled.get("attendees", 1),
        "today": today,
        "idempotency_key": uuid.uuid4().hex,
    }
