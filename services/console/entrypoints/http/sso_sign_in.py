"""Signing in through the city's SSO: ``/sign-in/sso`` leaves for its login page (the attempt
kept on the server, its key in a short-lived cookie), ``/sign-in/callback`` comes back with the
code and makes the session. Only when the SSO is configured (AUTH_ISSUER)."""

import logging
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.adapters.sso import SignInFailed, SingleSignOn
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.refusals import NOT_FOUND, PageRefusal, safe_next
from services.console.entrypoints.http.viewer import (
    SESSION_COOKIE,
    Viewer,
    new_unit_of_work,
    set_cookie,
    viewer_of,
)
from services.console.service_layer.signing_in_with_sso import (
    come_back_signed_in,
    leave_for_sign_in,
)
from shared.auth.tokens import InvalidToken

router = page_router()
Anyone = Annotated[Viewer, Depends(viewer_of)]
ATTEMPT_COOKIE = "bitc_console_sign_in"
ATTEMPT_COOKIE_MAX_AGE_S = 15 * 60
FAILED = "Signing in did not work. Please try again."
log = logging.getLogger(__name__)


@router.get("/sign-in/sso")
async def leave_for_the_sso(request: Request, next: str = "/") -> Response:
    departure = await leave_for_sign_in(
        new_unit_of_work(request),
        _sso(request),
        str(request.url_for("come_back_from_the_sso")),
        safe_next(next),
        datetime.now(UTC),
    )
    answer = RedirectResponse(departure.login_url, status_code=303)
    secure = request.app.state.settings.console_cookie_secure
    set_cookie(answer, ATTEMPT_COOKIE, departure.attempt_token, secure, ATTEMPT_COOKIE_MAX_AGE_S)
    return answer


@router.get("/sign-in/callback", name="come_back_from_the_sso")
async def come_back_from_the_sso(request: Request, viewer: Anyone) -> Response:
    settings = request.app.state.settings
    try:
        session_token, next_url = await come_back_signed_in(
            new_unit_of_work(request),
            _sso(request),
            request.app.state.token_verifier,
            request.cookies.get(ATTEMPT_COOKIE, ""),
            dict(request.query_params),
            str(request.url_for("come_back_from_the_sso")),
            viewer.language,
            timedelta(hours=settings.console_session_hours),
            datetime.now(UTC),
        )
    except (SignInFailed, InvalidToken) as failure:
        # InvalidToken: the SSO signed the person in, but not as anyone the services accept
        # (e.g. a tenant role without a tenant), so the console must not either.
        log.warning("SSO sign-in refused", extra={"reason": str(failure)})
        return _failed(request, viewer)
    answer = RedirectResponse(safe_next(next_url), status_code=303)
    set_cookie(answer, SESSION_COOKIE, session_token, settings.console_cookie_secure)
    answer.delete_cookie(ATTEMPT_COOKIE, path="/")
    return answer


def _sso(request: Request) -> SingleSignOn:
    sso = request.app.state.single_sign_on
    if sso is None:
        raise PageRefusal(404, NOT_FOUND)
    return sso


def _failed(request: Request, viewer: Viewer) -> HTMLResponse:
    context = {"sentence": FAILED}
    answer = render(request, viewer, "errors/refused.html", context, 400)
    answer.delete_cookie(ATTEMPT_COOKIE, path="/")
    return answer
