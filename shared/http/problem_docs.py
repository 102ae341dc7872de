"""What the OpenAPI documents say about problem answers, so clients (and the API fuzzing) can
rely on every status a route may give.

Answers every route can give are documented here once: 422 as a problem document (FastAPI would
document its own validation shape, which no service sends); on writes, 413 and 429 from the
shared middleware; 400 for a body that is not even text, or where a shared parameter (a page
cursor, an Idempotency-Key) is malformed; 401 and 403 where a token is needed or may be sent. A
route documents its own 404 and 409 with ``responses=problems({...})``. Routes that admit callers
without a token (shared/auth ``anyone()``) offer the bearer token as optional.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field

from shared.http.nul_in_schemas import forbid_nul_in_text
from shared.http.problems import PROBLEM_CONTENT_TYPE
from shared.http.rate_limiting import WRITE_METHODS


class ProblemDocument(BaseModel):
    """RFC 9457 problem details; problem types add their own members (e.g. `errors`, `rule`)."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str = Field(examples=["urn:bitc:problem:booking-conflict"])
    title: str
    status: int
    detail: str | None = None
    instance: str


_CONTENT = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
_ON_WRITES = {
    "413": "The request body is larger than the service accepts",
    "429": "Too many writes from this client; `Retry-After` says when to try again",
}
#: Parameters read by shared dependencies that answer 400 when malformed.
_SHARED_PARAMETERS = {
    ("query", "cursor"): "The cursor is not one this API gave out",
    ("header", "idempotency-key"): "The Idempotency-Key header is not valid",
}
_ON_PROTECTED = {
    "401": "No bearer token, or one that is not valid here",
    "403": "The token's roles (or tenant) may not do this",
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}


def problems(described: Mapping[int, str]) -> dict[int | str, dict[str, Any]]:
    """A route's ``responses=``: the problem statuses it answers, each with what it means."""
    return {
        status: {"description": description, "content": _CONTENT}
        for status, description in described.items()
    }


def document_problems(app: FastAPI) -> None:
    """Makes ``app``'s OpenAPI document describe the problem answers every route may give."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            _offer_optional_tokens(document, app.routes)
            _add_common_problems(document)
            # The NUL refusal is a shared 422 too, so it is documented in the same place.
            forbid_nul_in_text(document["paths"])
            forbid_nul_in_text(document["components"]["schemas"])
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _offer_optional_tokens(document: dict[str, Any], routes: Sequence[Any]) -> None:
    """An empty requirement beside the bearer one: OpenAPI's way to say "or no token"."""
    for route in iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute):
            continue
        if not _admits_without_token(route.dependant):
            continue
        for method in route.methods or ():
            operation = document["paths"].get(route.path_format, {}).get(method.lower())
            if operation is not None:
                operation.setdefault("security", []).append({})


def _admits_without_token(dependant: Dependant) -> bool:
    return any(
        getattr(dependency.call, "without_token", None) or _admits_without_token(dependency)
        for dependency in dependant.dependencies
    )


def _add_common_problems(document: dict[str, Any]) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = ProblemDocument.model_json_schema()
    for path in document["paths"].values():
        for method, operation in path.items():
            responses = operation["responses"]
            if "422" in responses:
                responses["422"] = {"description": "The request is not valid", "content": _CONTENT}
            if "requestBody" in operation:
                responses["400"] = {"description": "Body not UTF-8", "content": _CONTENT}
            for parameter in operation.get("parameters", []):
                where = (parameter["in"], parameter["name"].lower())
                if where in _SHARED_PARAMETERS:
                    responses["400"] = {
                        "description": _SHARED_PARAMETERS[where],
                        "content": _CONTENT,
                    }
            if operation.get("security"):
                for status, description in _ON_PROTECTED.items():
                    responses.setdefault(status, {"description": description, "content": _CONTENT})
            if method.upper() in WRITE_METHODS:
                for status, description in _ON_WRITES.items():
                    responses[status] = {"description": description, "content": _CONTENT}
                responses["429"]["headers"] = _RETRY_AFTER
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
