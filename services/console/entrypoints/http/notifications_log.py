"""The notifications log: what was sent to whom through which channel, what failed and why,
with a retry for a notification that failed for good."""

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.adapters.service_api import ApiProblem
from services.console.domain import notifications_log as words
from services.console.domain.navigation import STAFF
from services.console.domain.notifications_log import LogFilter, log_rows
from services.console.domain.problem_sentences import sentence_for
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.refusals import safe_next
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer, require
from services.console.service_layer.tenant_names import tenant_names

router = page_router()
StaffViewer = Annotated[Viewer, Depends(require(*STAFF))]
PAGE_SIZE = 50
RETRIED = "The notification will be sent again."


@router.get("/staff/notifications")
async def notifications_log(
    request: Request, viewer: StaffViewer, cursor: str = "", retried: str = ""
) -> HTMLResponse:
    return await _log_page(request, viewer, cursor, {"done_sentence": RETRIED if retried else None})


@router.post("/staff/notifications/{notification_id}/retry")
async def retry(
    request: Request,
    viewer: StaffViewer,
    notification_id: uuid.UUID,
    back: Annotated[str, Form()] = "/staff/notifications",
) -> Response:
    back_to = safe_next(back)
    try:
        await service_api(request, viewer, "notifications").post(
            f"/notifications/{notification_id}/retry"
        )
    except ApiProblem as problem:
        status = problem.status if problem.status < 500 else 502
        sentence = sentence_for(problem.status, problem.code)
        return await _log_page(request, viewer, "", {"problem_sentence": sentence}, status)
    separator = "&" if "?" in back_to else "?"
    return RedirectResponse(f"{back_to}{separator}retried=1", status_code=303)


async def _log_page(
    request: Request, viewer: Viewer, cursor: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    shown = LogFilter.of(request.query_params)
    params: dict[str, Any] = shown.as_query() | {"limit": PAGE_SIZE}
    page_context = {
        "filter": shown,
        "statuses": words.STATUSES,
        "channels": words.CHANNELS,
        "categories": words.CATEGORIES,
        "recipient_kinds": words.RECIPIENT_KINDS,
        "rows": [],
        "names": {},
        "tenants": [],
        "next_url": None,
        "first_url": _url(shown, None) if cursor else None,
        "back": request.url.path + _query(shown, cursor or None),
    }
    try:
        api = service_api(request, viewer, "notifications")
        page = await api.get("/notifications", params | ({"cursor": cursor} if cursor else {}))
        tenancy = service_api(request, viewer, "tenancy")
        tenants = (await tenancy.get("/tenants", {"limit": 200}))["items"]
        names = await tenant_names(tenancy, (n["tenant_id"] for n in page["items"]))
    except ApiProblem as problem:
        status = problem.status if problem.status < 500 else 502
        sentence = sentence_for(problem.status, problem.code)
        page_context |= {"problem_sentence": sentence}
        return render(request, viewer, "notifications_log/log.html", page_context, status)
    following = page.get("next_cursor") if page["items"] else None
    page_context |= {
        "rows": log_rows(page["items"]),
        "names": names,
        "tenants": sorted(tenants, key=lambda t: t["display_name"].lower()),
        "next_url": _url(shown, following) if following else None,
    }
    return render(request, viewer, "notifications_log/log.html", page_context | context, status)


def _url(shown: LogFilter, cursor: str | None) -> str:
    return "/staff/notifications" + _query(shown, cursor)


def _query(shown: LogFilter, cursor: str | None) -> str:
    query = shown.as_query() | ({"cursor": cursor} if cursor else {})
    return f"?{urlencode(query)}" if query else ""
