"""Who is looking at a page: their session if signed in, their language, and the cookie a
signed-out visitor's forms are bound to. Routes get it with ``Depends(viewer_of)`` or, for a
page only some roles may open, ``Depends(require(Role.manager))``."""

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import FastAPI, Request, Response

from services.console.domain.session import ConsoleSession, supported_language
from services.console.entrypoints.http.refusals import NOT_ALLOWED, PageRefusal, SignInRequired
from services.console.service_layer.signing_in_with_sso import refresh_session
from services.console.service_layer.unit_of_work import ConsoleUnitOfWork
from shared.auth.principal import Role

SESSION_COOKIE = "bitc_console_session"
LANGUAGE_COOKIE = "bitc_console_language"
VISITOR_COOKIE = "bitc_console_visitor"


@dataclass(frozen=True)
class Viewer:
    session: ConsoleSession | None
    #: The session cookie's token (None signed out); forms are bound to it, else to ``visitor``.
    session_token: str | None
    visitor: str
    language: str

    @property
    def signed_in(self) -> bool:
        return self.session is not None


def new_unit_of_work(request: Request) -> ConsoleUnitOfWork:
    return request.app.state.runtime.new_unit_of_work()


async def viewer_of(request: Request) -> Viewer:
    """FastAPI dependency; cached on the request so the session is read once per request."""
    if (known := getattr(request.state, "viewer", None)) is not None:
        return known
    token = request.cookies.get(SESSION_COOKIE)
    session = None
    if token:
        async with new_unit_of_work(request) as uow:
            session = await uow.sessions.find(token)
            if session is not None and session.expired(datetime.now(UTC)):
                await uow.sessions.delete(token)
                await uow.commit()
                session = None
        sso = request.app.state.single_sign_on
        if session is not None and sso is not None and session.needs_refresh(datetime.now(UTC)):
            session = await refresh_session(new_unit_of_work(request), sso, token, session)
    language = session.language if session else request.cookies.get(LANGUAGE_COOKIE)
    viewer = Viewer(
        session=session,
        session_token=token if session else None,
        visitor=getattr(request.state, "visitor", "") or request.cookies.get(VISITOR_COOKIE, ""),
        language=supported_language(language),
    )
    request.state.viewer = viewer
    return viewer


def require(*roles: Role) -> Callable[[Request], Awaitable[Viewer]]:
    """A page for signed-in people holding one of ``roles`` (admin always); no roles given:
    anyone signed in."""
    allowed = frozenset(roles or Role)

    async def signed_in_viewer(request: Request) -> Viewer:
        viewer = await viewer_of(request)
        if viewer.session is None:
            back_to = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise SignInRequired(back_to)
        if not viewer.session.may_open(allowed):
            raise PageRefusal(403, NOT_ALLOWED)
        return viewer

    return signed_in_viewer


def install_visitor_cookie(app: FastAPI, secure: bool) -> None:
    """Every browser gets a random visitor cookie on its first request, so a signed-out
    visitor's forms (sign-in, language) have something of theirs to bind the CSRF token to."""

    @app.middleware("http")
    async def visitor_cookie(request: Request, call_next: Callable) -> Response:
        visitor = request.cookies.get(VISITOR_COOKIE)
        fresh = not visitor
        request.state.visitor = visitor or secrets.token_urlsafe(24)
        response: Response = await call_next(request)
        if fresh:
            set_cookie(response, VISITOR_COOKIE, request.state.visitor, secure)
        return response


def set_cookie(
    response: Response, name: str, value: str, secure: bool, max_age: int | None = None
) -> None:
    """Every console cookie the same way: unreadable by scripts, sent on top-level navigation
    from elsewhere (so a link into the console keeps one signed in) but not on cross-site POSTs."""
    response.set_cookie(
        name, value, max_age=max_age, path="/", secure=secure, httponly=True, samesite="lax"
    )
