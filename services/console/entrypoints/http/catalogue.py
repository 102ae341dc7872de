"""The public catalogue: the sites, a site's spaces, and one space with a week of availability."""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from services.console.adapters.service_api import ApiProblem
from services.console.domain.catalogue import (
    SITE_NAMES,
    SPACE_TYPE_NAMES,
    WEEKDAY_NAMES,
    opening_hours,
    site_summaries,
    spaces_of_site,
)
from services.console.domain.formatting import in_wib
from services.console.domain.problem_sentences import sentence_for
from services.console.domain.week import Week
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer, viewer_of

router = page_router()
NAMES = {"type_names": SPACE_TYPE_NAMES, "weekday_names": WEEKDAY_NAMES}
Anyone = Annotated[Viewer, Depends(viewer_of)]


@router.get("/")
async def sites(request: Request, viewer: Anyone) -> HTMLResponse:
    try:
        spaces = await service_api(request, viewer, "booking").get("/spaces")
    except ApiProblem as problem:
        return _unavailable(request, viewer, problem)
    return render(request, viewer, "catalogue/sites.html", {"sites": site_summaries(spaces)})


@router.get("/spaces")
async def spaces(request: Request, viewer: Anyone, site: str | None = None) -> HTMLResponse:
    try:
        found = await service_api(request, viewer, "booking").get("/spaces")
    except ApiProblem as problem:
        return _unavailable(request, viewer, problem)
    context = {
        "site": SITE_NAMES.get(site) if site else None,
        "spaces": spaces_of_site(found, site),
        "opening_hours": opening_hours,
    } | NAMES
    return render(request, viewer, "catalogue/spaces.html", context)


@router.get("/spaces/{space_id}")
async def space(
    request: Request, viewer: Anyone, space_id: uuid.UUID, week: date | None = None
) -> HTMLResponse:
    shown = Week.containing(week or in_wib(datetime.now(UTC)).date())
    api = service_api(request, viewer, "booking")
    try:
        found = await api.get(f"/spaces/{space_id}")
        free = await api.get(
            f"/spaces/{space_id}/availability",
            {"starts_at": shown.starts_at.isoformat(), "ends_at": shown.ends_at.isoformat()},
        )
    except ApiProblem as problem:
        return _unavailable(request, viewer, problem)
    moment = datetime.fromisoformat
    intervals = [(moment(f["starts_at"]), moment(f["ends_at"])) for f in free]
    context = {
        "space": found,
        "hours": opening_hours(found["opening_hours"]),
        "week": shown,
        "days": shown.availability(intervals),
    } | NAMES
    return render(request, viewer, "catalogue/space.html", context)


def _unavailable(request: Request, viewer: Viewer, problem: ApiProblem) -> HTMLResponse:
    status = problem.status if problem.status < 500 else 502
    sentence = sentence_for(problem.status, problem.code)
    return render(request, viewer, "errors/refused.html", {"sentence": sentence}, status)
