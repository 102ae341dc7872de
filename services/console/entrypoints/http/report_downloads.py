"""Download CSV: the console relays the CSV the owning service writes, chunk by chunk as it
arrives, asked for with the signed-in person's own token (so the service's own filters and
visibility apply); it never builds or holds the file itself."""

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
from fastapi import Depends, Request
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from services.console.adapters.service_api import ApiProblem
from services.console.domain.navigation import STAFF
from services.console.domain.problem_sentences import sentence_for
from services.console.domain.report_downloads import DOWNLOADS
from services.console.entrypoints.http.pages import page_router
from services.console.entrypoints.http.refusals import NOT_FOUND, PageRefusal
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer, require

router = page_router()
StaffViewer = Annotated[Viewer, Depends(require(*STAFF))]


@router.get("/reports/{name}.csv")
async def report_csv(request: Request, viewer: StaffViewer, name: str) -> StreamingResponse:
    return await _relayed(request, viewer, f"reports/{name}")


@router.get("/exports/{name}.csv")
async def export_csv(request: Request, viewer: StaffViewer, name: str) -> StreamingResponse:
    return await _relayed(request, viewer, f"exports/{name}")


async def _relayed(request: Request, viewer: Viewer, key: str) -> StreamingResponse:
    download = DOWNLOADS.get(key)
    if download is None:
        raise PageRefusal(404, NOT_FOUND)
    api = service_api(request, viewer, download.upstream)
    asked = download.forwarded(request.query_params.multi_items())
    try:
        upstream = await api.open_stream(download.path, asked, accept="text/csv")
    except ApiProblem as problem:
        status = problem.status if problem.status < 500 else 502
        raise PageRefusal(status, sentence_for(problem.status, problem.code)) from problem
    fallback_name = f'attachment; filename="{key.split("/")[-1]}.csv"'
    headers = {"Content-Disposition": upstream.headers.get("content-disposition", fallback_name)}
    return StreamingResponse(
        _chunks(upstream),
        media_type=upstream.headers.get("content-type", "text/csv; charset=utf-8"),
        headers=headers,
        # Also when the browser goes away before the end, the upstream connection is given back.
        background=BackgroundTask(upstream.aclose),
    )


async def _chunks(upstream: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in upstream.aiter_bytes():
            yield chunk
    finally:
        await upstream.aclose()
