"""The rest of a tenant's own pages: its waitlist places (and leaving one), this month's quota
per space type, the calendar feed link to copy into a phone, and its notification
preferences with the console's language."""

import uuid
from datetime import UTC, datetime
from typing import Annotated

from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.adapters.service_api import ApiProblem
from services.console.domain.catalogue import SPACE_TYPE_NAMES
from services.console.domain.formatting import in_wib
from services.console.domain.my_account import (
    HOURS,
    OPTIONAL_MESSAGES,
    PreferencesForm,
    quota_rows,
)
from services.console.domain.my_bookings import readable
from services.console.domain.problem_sentences import sentence_for
from services.console.entrypoints.http.form_errors import form_refused
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.tenant_pages import ForTenant, refusal_of
from services.console.entrypoints.http.upstreams import service_api

router = page_router()


@router.get("/my/waitlist")
async def my_waitlist(request: Request, person: ForTenant, left: bool = False) -> HTMLResponse:
    api = service_api(request, person.viewer, "booking")
    query = {"tenant_id": str(person.tenant_id), "status": "waiting", "limit": 100}
    try:
        places = (await api.get("/waitlist", query))["items"]
        spaces = {space["id"]: space["name"] for space in await api.get("/spaces")}
    except ApiProblem as problem:
        raise refusal_of(problem) from problem
    context = {"places": [readable(place) for place in places], "spaces": spaces, "left": left}
    return render(request, person.viewer, "my_bookings/waitlist.html", context)


@router.post("/my/waitlist/{entry_id}/leave")
async def leave_waitlist(request: Request, person: ForTenant, entry_id: uuid.UUID) -> Response:
    try:
        await service_api(request, person.viewer, "booking").delete(f"/waitlist/{entry_id}")
    except ApiProblem as problem:
        raise refusal_of(problem, "waitlist-entry-not-found") from problem
    return RedirectResponse("/my/waitlist?left=1", status_code=303)


@router.get("/my/quota")
async def my_quota(request: Request, person: ForTenant) -> HTMLResponse:
    api = service_api(request, person.viewer, "booking")
    try:
        balance = await api.get(f"/tenants/{person.tenant_id}/quota-balance")
    except ApiProblem as problem:
        raise refusal_of(problem) from problem
    month = datetime.strptime(balance["month"], "%Y-%m").date()
    language = person.viewer.language
    context = {
        "rows": quota_rows(balance),
        "month_label": format_date(month, "LLLL y", locale=language),
        "number": lambda hours: format_decimal(hours, "#,##0.#", locale=language),
        "type_names": SPACE_TYPE_NAMES,
    }
    return render(request, person.viewer, "my_bookings/quota.html", context)


@router.get("/my/calendar")
async def my_calendar(request: Request, person: ForTenant) -> HTMLResponse:
    api = service_api(request, person.viewer, "booking")
    try:
        link = (await api.get(f"/tenants/{person.tenant_id}/calendar-link"))["url"]
    except ApiProblem as problem:
        context = {"link": None, "problem_sentence": sentence_for(problem.status, problem.code)}
        return render(request, person.viewer, "my_bookings/calendar.html", context)
    return render(request, person.viewer, "my_bookings/calendar.html", {"link": link})


@router.get("/my/preferences")
async def my_preferences(request: Request, person: ForTenant, saved: bool = False) -> HTMLResponse:
    api = service_api(request, person.viewer, "notifications")
    try:
        current = await api.get(f"/preferences/{person.tenant_id}")
    except ApiProblem as problem:
        raise refusal_of(problem) from problem
    context = _preferences_context(PreferencesForm.of(current)) | {"saved": saved}
    return render(request, person.viewer, "my_bookings/preferences.html", context)


@router.post("/my/preferences")
async def save_preferences(
    request: Request,
    person: ForTenant,
    wanted: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies a form default
    quiet: Annotated[bool, Form()] = False,
    quiet_start: Annotated[str, Form()] = "21:00",
    quiet_end: Annotated[str, Form()] = "07:00",
) -> Response:
    filled = PreferencesForm(
        frozenset(wanted) & set(OPTIONAL_MESSAGES), quiet, quiet_start, quiet_end
    )
    api = service_api(request, person.viewer, "notifications")
    path = f"/preferences/{person.tenant_id}"
    try:
        await api.put(path, filled.body(await api.get(path)))
    except ApiProblem as problem:
        template = "my_bookings/preferences.html"
        return form_refused(request, person.viewer, template, problem, _preferences_context(filled))
    return RedirectResponse("/my/preferences?saved=1", status_code=303)


def _preferences_context(form: PreferencesForm) -> dict:
    return {
        "form": form,
        "messages": OPTIONAL_MESSAGES,
        "hours": HOURS,
        "today": in_wib(datetime.now(UTC)),
    }
