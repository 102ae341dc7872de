"""The staff board: one site's spaces by the hours of one day (WIB), who is in and whether
they have checked in."""

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from contracts.tenancy import Site
from services.console.adapters.service_api import ApiProblem
from services.console.domain.board import ON_THE_BOARD, STATE_LABELS, build_board, day_window
from services.console.domain.catalogue import SITE_NAMES
from services.console.domain.formatting import in_wib
from services.console.domain.navigation import STAFF
from services.console.domain.problem_sentences import sentence_for
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.upstreams import service_api
from services.console.entrypoints.http.viewer import Viewer, require
from services.console.service_layer.keyset_pages import all_pages
from services.console.service_layer.tenant_names import tenant_names

router = page_router()
StaffViewer = Annotated[Viewer, Depends(require(*STAFF))]


@router.get("/staff/board")
async def board(
    request: Request, viewer: StaffViewer, site: Site = Site.BITC, day: date | None = None
) -> HTMLResponse:
    today = in_wib(datetime.now(UTC)).date()
    shown = day or today
    starts, ends = day_window(shown)
    booking = service_api(request, viewer, "booking")
    context = {
        "site": site.value,
        "sites": SITE_NAMES,
        "today": today,
        "day": shown,
        "state_labels": STATE_LABELS,
    }
    try:
        spaces = await booking.get("/spaces", {"site": site.value})
        bookings = await all_pages(
            booking,
            "/bookings",
            {
                "site": site.value,
                "starts_from": starts.isoformat(),
                "starts_before": ends.isoformat(),
                "status": list(ON_THE_BOARD),
                "limit": 200,
            },
        )
        names = await tenant_names(
            service_api(request, viewer, "tenancy"), (b["tenant_id"] for b in bookings)
        )
    except ApiProblem as problem:
        status = problem.status if problem.status < 500 else 502
        sentence = sentence_for(problem.status, problem.code)
        return render(
            request, viewer, "board/board.html", context | {"problem_sentence": sentence}, status
        )
    grid = build_board(shown, spaces, bookings, names)
    return render(request, viewer, "board/board.html", context | {"board": grid})
