"""Routes of booking's exports: whole lists as CSV or JSON, streamed (docs/reports.md)."""

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from services.booking.entrypoints.http.booking_query import BookingQuery
from services.booking.entrypoints.http.dependencies import UoW
from services.booking.service_layer.booking_export import COLUMNS, exported_bookings
from shared.http.tabular_responses import streamed_export, tabular_responses

router = APIRouter(tags=["exports"])


@router.get(
    "/exports/bookings",
    summary="Every booking GET /bookings lists with the same filters, as CSV or JSON",
    description="In start order, not paged: the rows stream as the database yields them. "
    "Times are in WIB (+07:00). A tenant's users get their own tenant's bookings only. "
    "Columns: " + ", ".join(COLUMNS) + ".",
    responses=tabular_responses("The bookings: a CSV file with a header, or one JSON array"),
)
async def export_bookings(request: Request, uow: UoW, where: BookingQuery) -> StreamingResponse:
    return streamed_export(request, COLUMNS, exported_bookings(uow, where), "bookings")
