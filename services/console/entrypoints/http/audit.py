"""The audit log of each service for administrators: who did which staff action to what, when
and why, one service at a time."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from services.console.adapters.service_api import ApiProblem
from services.console.domain.audit import SERVICES, AuditFilter, audit_rows
from services.console.domain.navigation import ADMIN
from services.console.domain.problem_sentences import sentence_for
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer, require

router = page_router()
AdminViewer = Annotated[Viewer, Depends(require(*ADMIN))]
PAGE_SIZE = 50


@router.get("/admin/audit")
async def audit_log(request: Request, viewer: AdminViewer, cursor: str = "") -> HTMLResponse:
    shown = AuditFilter.of(request.query_params)
    context: dict[str, Any] = {
        "filter": shown,
        "services": SERVICES,
        "rows": [],
        "next_url": None,
        "first_url": _url(shown.as_query()) if cursor else None,
    }
    params = shown.api_params() | {"limit": PAGE_SIZE} | ({"cursor": cursor} if cursor else {})
    try:
        page = await service_api(request, viewer, shown.service).get("/audit", params)
    except ApiProblem as problem:
        status = problem.status if problem.status < 500 else 502
        sentence = sentence_for(problem.status, problem.code)
        return render(
            request, viewer, "audit/log.html", context | {"problem_sentence": sentence}, status
        )
    following = page.get("next_cursor")
    context |= {
        "rows": audit_rows(page["items"]),
        "next_url": _url(shown.as_query() | {"cursor": following}) if following else None,
    }
    return render(request, viewer, "audit/log.html", context)


def _url(query: dict[str, str]) -> str:
    return "/admin/audit" + (f"?{urlencode(query)}" if query else "")
