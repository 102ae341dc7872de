"""Notifications as a file: the same rows GET /notifications shows the caller, streamed as CSV or
one JSON array (docs/reports.md, "Notifications")."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.sql import Select

from services.notifications.adapters.notification_repository import filtered
from services.notifications.entrypoints.http.notification_filters import Filtered, Reader
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.auth.access import Role
from shared.domain.report_period import WIB
from shared.http.tabular_responses import streamed_export, tabular_responses
from shared.persistence.streamed_rows import streamed_rows
from shared.runtime.process import unit_of_work

router = APIRouter(prefix="/exports", tags=["exports"])
UoW = Annotated[NotificationsUnitOfWork, Depends(unit_of_work)]

#: The CSV header: part of the contract, columns are only ever added at the end.
COLUMNS = (
    "notification_id",
    "created_at",
    "tenant_id",
    "category",
    "channel",
    "recipient_kind",
    "recipient",
    "status",
    "attempts",
    "sent_at",
    "last_error",
)
#: Who may read a recipient's address (a staff e-mail address, a webhook subscription).
_SEES_RECIPIENTS = frozenset({Role.manager, Role.admin})


@router.get(
    "/notifications",
    summary="Notifications as CSV or JSON, with the list's filters",
    description=(
        "The rows `GET /notifications` shows the caller (a tenant's user: its own tenant's), "
        "newest first, streamed. `Accept: text/csv` for CSV (UTF-8 with a byte-order mark), "
        "else one JSON array. Times are ISO 8601 in WIB (+07:00). `recipient` is filled for "
        "staff and admins only."
    ),
    responses=tabular_responses("Every notification matching the filters"),
)
async def export_notifications(
    request: Request, uow: UoW, caller: Reader, where: Filtered
) -> StreamingResponse:
    rows = _rows(uow, filtered(where), sees_recipient=bool(caller.roles & _SEES_RECIPIENTS))
    return streamed_export(request, COLUMNS, rows, "notifications")


async def _rows(
    uow: NotificationsUnitOfWork, query: Select, *, sees_recipient: bool
) -> AsyncIterator[dict[str, Any]]:
    # The unit of work is entered here, so its connection lives exactly as long as the stream.
    async with uow:
        async for row in streamed_rows(uow.connection, query):
            yield {
                "notification_id": row["id"],
                "created_at": row["created_at"].astimezone(WIB),
                "tenant_id": row["tenant_id"],
                "category": row["category"],
                "channel": row["channel"],
                "recipient_kind": row["recipient_kind"],
                "recipient": row["recipient"] if sees_recipient else None,
                "status": row["status"],
                "attempts": row["attempts"],
                "sent_at": row["sent_at"].astimezone(WIB) if row["sent_at"] else None,
                "last_error": row["last_error"],
            }
