"""Keyset pagination for every list endpoint: an opaque cursor, never an offset.

A cursor is the sort key of the last item of a page (e.g. created_at and id), so pages stay
stable while rows are added, and rows that share a timestamp are neither skipped nor repeated.
"""

import base64
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, WithJsonSchema

from shared.http.problems import Problem

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")]
#: What every cursor this API gives out looks like (URL-safe base64); anything else is refused.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+={0,2}$"
CURSOR_MAX_LENGTH = 500
Cursor = Annotated[
    Annotated[
        str,
        WithJsonSchema(
            {"type": "string", "pattern": CURSOR_PATTERN, "maxLength": CURSOR_MAX_LENGTH}
        ),
    ]
    | None,
    Query(
        max_length=CURSOR_MAX_LENGTH,
        description="Opaque: the `next_cursor` of the previous page, passed back unchanged "
        "(URL-safe base64, never built by the client); any other value is 400 `invalid-cursor`",
    ),
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def page_of(
    found: Sequence[R], limit: int, item: Callable[[R], T], sort_key: Callable[[R], tuple[Any, ...]]
) -> Page[T]:
    """The page of what a query found with ``limit``: a full page points past its last item
    (the page after it may be empty), a short one is the last."""
    last = found[-1] if len(found) == limit else None
    return Page(
        items=[item(row) for row in found],
        next_cursor=encode_cursor(*sort_key(last)) if last is not None else None,
    )


def encode_cursor(*sort_key: Any) -> str:
    values = [v.isoformat() if isinstance(v, datetime) else str(v) for v in sort_key]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def decode_cursor(cursor: str | None, *parse: Callable[[str], Any]) -> tuple[Any, ...] | None:
    """The sort key a cursor holds, each value converted by its parser (e.g.
    ``datetime.fromisoformat``, ``uuid.UUID``); None for no cursor, a 400 problem for one this
    API did not give out."""
    if cursor is None:
        return None
    try:
        # validate=True: urlsafe_b64decode would skip characters outside the alphabet.
        values = json.loads(base64.b64decode(cursor.encode(), altchars=b"-_", validate=True))
        if not isinstance(values, list) or len(values) != len(parse):
            raise ValueError("wrong shape")
        return tuple(convert(str(value)) for convert, value in zip(parse, values, strict=True))
    except ValueError as exc:
        raise _invalid_cursor() from exc


def _invalid_cursor() -> Problem:
    return Problem(400, "invalid-cursor", "The cursor is not one this API gave out")
