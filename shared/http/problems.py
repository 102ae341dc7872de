"""RFC 9457 problem details: every error any service answers, in one machine-readable shape."""

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.domain.errors import DomainError
from shared.http.allowed_methods import allowed_methods

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:bitc:problem:"


class Problem(Exception):
    """Raised to answer with a problem document; ``kind`` is a stable slug clients match."""

    #: Headers the status requires, e.g. WWW-Authenticate on 401 (set by subclasses).
    headers: Mapping[str, str] | None = None

    # Positional-only, so an extension may share a name with a standard member (e.g. a
    # booking's own `status`) without clashing with the arguments.
    def __init__(
        self, status: int, kind: str, title: str, detail: str = "", /, **extensions: Any
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.extensions = extensions

    def body(self, instance: str) -> dict[str, Any]:
        body = {"type": PROBLEM_TYPE_PREFIX + self.kind, "title": self.title, "status": self.status}
        if self.detail:
            body["detail"] = self.detail
        body["instance"] = instance
        # Extensions add members; they can never change what the standard ones say.
        return self.extensions | body


def problem_response(
    problem: Problem, request: Request, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        problem.body(request.url.path),
        status_code=problem.status,
        media_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
    )


#: How soon a caller turned away because every database connection was busy may try again.
BUSY_RETRY_AFTER_S = 1

#: Errors FastAPI and Starlette raise themselves, e.g. 400 for a body that is not even UTF-8.
_SLUGS = {400: "malformed-request", 404: "not-found", 405: "method-not-allowed"}


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request, exc.headers)

    @app.exception_handler(DomainError)
    async def on_domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return problem_response(problem_of(exc), request)

    @app.exception_handler(RequestValidationError)
    async def on_invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"location": list(error["loc"]), "message": error["msg"], "kind": error["type"]}
            for error in exc.errors()
        ]
        problem = Problem(
            422, "invalid-request", "The request is not valid", "See `errors`.", errors=errors
        )
        return problem_response(problem, request)

    @app.exception_handler(PoolTimeout)
    async def on_busy(request: Request, exc: PoolTimeout) -> JSONResponse:
        # Every pooled connection stayed taken for the pool's whole timeout: an overload the
        # caller can wait out, nothing broken, so 503 with when to come back, not a 500.
        problem = Problem(
            503,
            "busy",
            "The service is busy",
            "Every database connection stayed in use; try again shortly.",
        )
        return problem_response(problem, request, {"Retry-After": str(BUSY_RETRY_AFTER_S)})

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug = _SLUGS.get(exc.status_code, "http-error")
        problem = Problem(exc.status_code, slug, str(exc.detail))
        # Keep headers the status requires, e.g. WWW-Authenticate on 401; Allow on 405 names
        # every method of the path, not only those of the first route the router tried.
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request.app.routes, request.scope)
        return problem_response(problem, request, headers)


def problem_of(error: DomainError) -> Problem:
    """The problem a domain or use-case error is answered with, the same in every service."""
    return Problem(error.status, error.slug, error.title, error.detail, **error.extensions)


def problem_at(
    problem: Problem, path: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The answer for ASGI middleware, which has a path but no FastAPI request."""
    return JSONResponse(
        problem.body(path),
        status_code=problem.status,
        media_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
    )


def internal_error_response(path: str) -> JSONResponse:
    """The answer to an unexpected error: no exception text or stack trace leaves the service."""
    problem = Problem(
        500, "internal-error", "Something went wrong on our side; it has been logged."
    )
    return problem_at(problem, path)
