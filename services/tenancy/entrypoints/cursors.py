"""Typed keyset cursors on top of shared.pagination's opaque encoding."""

import uuid
from datetime import datetime

from shared.pagination import decode_cursor
from shared.problems import Problem


def time_and_id(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if cursor is None:
        return None
    when, ident = decode_cursor(cursor, 2)
    try:
        return datetime.fromisoformat(when), uuid.UUID(ident)
    except ValueError as exc:
        raise Problem(400, "invalid-cursor", "The cursor is not one this API gave out") from exc


def site_code_and_id(cursor: str | None) -> tuple[str, str, uuid.UUID] | None:
    if cursor is None:
        return None
    site, code, ident = decode_cursor(cursor, 3)
    try:
        return site, code, uuid.UUID(ident)
    except ValueError as exc:
        raise Problem(400, "invalid-cursor", "The cursor is not one this API gave out") from exc
