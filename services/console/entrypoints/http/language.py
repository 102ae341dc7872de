"""The language switch: a cookie for everyone (it outlives a session), and the session's own
language when signed in, so the choice follows the person to another browser's sign-in too."""

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse

from services.console.domain.session import supported_language
from services.console.entrypoints.http.pages import page_router
from services.console.entrypoints.http.refusals import safe_next
from services.console.entrypoints.http.viewer import (
    LANGUAGE_COOKIE,
    Viewer,
    new_unit_of_work,
    set_cookie,
    viewer_of,
)
from services.console.service_layer.signing_in import choose_language

router = page_router()
ONE_YEAR_S = 365 * 24 * 3600


@router.post("/language")
async def switch_language(
    request: Request,
    viewer: Annotated[Viewer, Depends(viewer_of)],
    language: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> RedirectResponse:
    chosen = supported_language(language)
    if viewer.session_token:
        await choose_language(new_unit_of_work(request), viewer.session_token, chosen)
    answer = RedirectResponse(safe_next(next), status_code=303)
    secure = request.app.state.settings.console_cookie_secure
    set_cookie(answer, LANGUAGE_COOKIE, chosen, secure, max_age=ONE_YEAR_S)
    return answer
