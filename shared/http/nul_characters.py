"""Refuses a NUL character in a request's path or query with 422, before any route sees it.

PostgreSQL cannot hold NUL in text, so a path or query value carrying one (``/plans/%00``)
would otherwise reach a query and fail there as a server error. Bodies are checked by
shared.http.request_bodies.
"""

from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from shared.http.problems import Problem, problem_at


class NulCharacterGuard:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            where = _where_nul(scope)
            if where is not None:
                problem = Problem(
                    422,
                    "invalid-request",
                    "The request is not valid",
                    "See `errors`.",
                    errors=[
                        {
                            "location": [where],
                            "message": "may not contain the NUL character (%00)",
                            "kind": "nul_character",
                        }
                    ],
                )
                await problem_at(problem, scope["path"])(scope, receive, send)
                return
        await self._app(scope, receive, send)


def _where_nul(scope: Scope) -> str | None:
    if "\x00" in scope["path"]:
        return "path"
    if b"\x00" in unquote_to_bytes(scope.get("query_string", b"")):
        return "query"
    return None
