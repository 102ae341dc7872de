"""``GET /audit``: the audit log of a service for its administrators (role admin only), newest
entry first.

Every service mounts the router this module builds, so the log reads the same everywhere.
"""

import uuid
from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.auth.access import Role, allow
from shared.http.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor, encode_cursor
from shared.http.problems import Problem
from shared.http.request_bodies import OffsetDateTime
from shared.persistence.unit_of_work import UnitOfWork
from shared.runtime.process import unit_of_work


class AuditEntryOut(BaseModel):
    id: uuid.UUID
    occurred_at: datetime
    actor: str
    action: str
    target_type: str
    target_id: str
    reason: str | None
    details: dict[str, Any]
    correlation_id: str | None


async def find_entries(
    connection: AsyncConnection,
    table: sa.Table,
    filters: dict[str, str | None],
    period: tuple[datetime | None, datetime | None],
    after: tuple[Any, ...] | None,
    limit: int,
) -> list[AuditEntryOut]:
    """Newest first. ``filters`` match columns exactly (None: any); ``period`` is [since, until);
    ``after`` is the (occurred_at, id) of the last entry already seen."""
    conditions = [table.c[name] == value for name, value in filters.items() if value is not None]
    since, until = period
    if since is not None:
        conditions.append(table.c.occurred_at >= since)
    if until is not None:
        conditions.append(table.c.occurred_at < until)
    if after is not None:
        conditions.append(sa.tuple_(table.c.occurred_at, table.c.id) < sa.tuple_(*after))
    rows = await connection.execute(
        sa.select(table)
        .where(*conditions)
        .order_by(table.c.occurred_at.desc(), table.c.id.desc())
        .limit(limit)
    )
    return [AuditEntryOut.model_validate(dict(row)) for row in rows.mappings()]


def audit_router() -> APIRouter:
    router = APIRouter(tags=["audit"], dependencies=[Depends(allow(Role.admin))])

    @router.get(
        "/audit",
        summary="Staff actions: who did what to which target, when and why (newest first)",
        description="Filter by `actor`, `action` (e.g. `tenant.suspend`), `target_id` and the "
        "period [`since`, `until`). Entries never hold personal data and are never deleted.",
    )
    async def list_audit_entries(
        uow: Annotated[UnitOfWork, Depends(unit_of_work)],
        actor: Annotated[str | None, Query(max_length=200)] = None,
        action: Annotated[str | None, Query(max_length=100)] = None,
        target_id: Annotated[str | None, Query(max_length=200)] = None,
        # RFC 3339 text only: a bare number would be taken as Unix time, which the document's
        # date-time format does not allow.
        since: Annotated[OffsetDateTime | None, Query(description="Inclusive")] = None,
        until: Annotated[
            OffsetDateTime | None,
            Query(description="Exclusive; after `since` (else 422 `invalid-period`)"),
        ] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[AuditEntryOut]:
        if since is not None and until is not None and since >= until:
            raise Problem(422, "invalid-period", "`since` must be before `until`")
        after = decode_cursor(cursor, datetime.fromisoformat, uuid.UUID)
        filters = {"actor": actor, "action": action, "target_id": target_id}
        async with uow:
            found = await find_entries(
                uow.connection, uow.audit_table, filters, (since, until), after, limit + 1
            )
        last = found[limit - 1] if len(found) > limit else None
        return Page(
            items=found[:limit],
            next_cursor=encode_cursor(last.occurred_at, last.id) if last else None,
        )

    return router
