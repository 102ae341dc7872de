"""Cross-origin requests from browsers (CORS), allowed only from the origins an operator lists in
``CORS_ALLOWED_ORIGINS``; with none listed no CORS header is ever sent, so browsers keep other
sites' scripts away from the API as by default.

Bearer tokens, not cookies, authenticate callers, so credentials are never allowed. A refused
preflight is answered with a problem document, like every other refusal.
"""

from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.http.problems import Problem, problem_at
from shared.http.rate_limiting import WRITE_METHODS

ALLOWED_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key", "X-Correlation-Id")
#: Response headers a browser script may read besides the safelisted ones (e.g. Content-Type).
EXPOSED_HEADERS = ("Location", "Retry-After", "Allow", "WWW-Authenticate", "X-Correlation-Id")


class CrossOriginRequests:
    def __init__(self, app: ASGIApp, allowed_origins: Sequence[str]) -> None:
        self._cors = CORSMiddleware(
            app,
            allow_origins=allowed_origins,
            allow_methods=("GET", *sorted(WRITE_METHODS)),
            allow_headers=ALLOWED_HEADERS,
            expose_headers=EXPOSED_HEADERS,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_preflight(scope):
            await self._cors(scope, receive, send)
            return
        answer = self._cors.preflight_response(Headers(scope=scope))
        if answer.status_code == 400:
            refusal = Problem(
                400,
                "cors-preflight-refused",
                "This origin, method or header may not be used from a browser here",
                bytes(answer.body).decode(),
            )
            answer = problem_at(refusal, scope["path"], {"Vary": answer.headers["vary"]})
        await answer(scope, receive, send)


def _is_preflight(scope: Scope) -> bool:
    headers = Headers(scope=scope)
    return (
        scope["method"] == "OPTIONS"
        and "origin" in headers
        and "access-control-request-method" in headers
    )
