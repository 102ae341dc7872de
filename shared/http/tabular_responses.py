"""Reports and exports answer JSON or CSV, as the ``Accept`` header asks, in one way everywhere.

CSV is what a spreadsheet opens without a wizard: UTF-8 with a byte-order mark (Excel otherwise
reads Bahasa Indonesia's names as Latin-1), CRLF rows, a header row. A text cell starting with
``=``, ``+``, ``-``, ``@`` or a control character gets a leading apostrophe, so a tenant's
name can never run as a spreadsheet formula (OWASP's CSV injection advice).

Exports stream: rows are written as the database cursor yields them, never gathered first, so
a year of bookings costs the memory of one batch.
"""

import csv
import io
import json
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from shared.domain.report_period import ReportPeriod
from shared.http.problems import Problem

JSON, CSV = "application/json", "text/csv"
_OFFERED = (JSON, CSV)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BOM = "\ufeff"
Row = Mapping[str, Any]


class NotAcceptable(Problem):
    def __init__(self, accept: str) -> None:
        super().__init__(
            406,
            "not-acceptable",
            "Neither JSON nor CSV is acceptable to the caller",
            f"Accept: {accept!r}; send `{JSON}` or `{CSV}`",
            offered=list(_OFFERED),
        )


def wants_csv(request: Request) -> bool:
    """True when ``Accept`` prefers CSV to JSON; JSON when it names neither or anything;
    406 when it names only other types."""
    accept = request.headers.get("accept", "")
    best, best_q = None, 0.0
    for part in accept.split(",") if accept.strip() else ["*/*"]:
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = _quality(params)
        for offered in _OFFERED:
            if quality > best_q and _matches(media.lower(), offered):
                best, best_q = offered, quality
    if best is None:
        raise NotAcceptable(accept)
    return best == CSV


def tabular_responses(description: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a route answering JSON or CSV (``Accept``)."""
    return {
        200: {
            "description": description,
            "content": {CSV: {"schema": {"type": "string"}}},
        },
        406: {"description": "Accept names neither JSON nor CSV"},
    }


def csv_response(columns: Sequence[str], rows: Iterable[Row], filename: str) -> Response:
    """A report's rows, already computed, as a CSV attachment."""
    text = _BOM + _csv_line(columns) + "".join(_csv_line(_cells(columns, row)) for row in rows)
    return Response(text, media_type=f"{CSV}; charset=utf-8", headers=_attachment(filename))


def report_csv(
    report: str, period: ReportPeriod, row_type: type[BaseModel], rows: Sequence[BaseModel]
) -> Response:
    """A report's rows as ``<report>-<first day>-<last day>.csv``, one column per row field."""
    return csv_response(
        list(row_type.model_fields),
        (row.model_dump(mode="json") for row in rows),
        f"{report}-{period.first_day}-{period.last_day}.csv",
    )


def streamed_export(
    request: Request, columns: Sequence[str], rows: AsyncIterable[Row], filename: str
) -> StreamingResponse:
    """Rows as they come, as CSV (with a header) or as one JSON array, as ``Accept`` asks."""
    if wants_csv(request):
        body, media = _csv_stream(columns, rows), f"{CSV}; charset=utf-8"
        filename += ".csv"
    else:
        body, media = _json_stream(columns, rows), JSON
        filename += ".json"
    return StreamingResponse(body, media_type=media, headers=_attachment(filename))


async def _csv_stream(columns: Sequence[str], rows: AsyncIterable[Row]) -> AsyncIterator[str]:
    yield _BOM + _csv_line(columns)
    async for row in rows:
        yield _csv_line(_cells(columns, row))


async def _json_stream(columns: Sequence[str], rows: AsyncIterable[Row]) -> AsyncIterator[str]:
    yield "["
    separator = ""
    async for row in rows:
        item = {name: to_jsonable_python(row[name]) for name in columns}
        yield separator + json.dumps(item, ensure_ascii=False)
        separator = ","
    yield "]"


def _csv_line(cells: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue()


def _cells(columns: Sequence[str], row: Row) -> list[str]:
    return [_cell(row[name]) for name in columns]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    plain = to_jsonable_python(value)
    return plain if isinstance(plain, str) else json.dumps(plain)


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def _matches(media: str, offered: str) -> bool:
    kind, _, _ = offered.partition("/")
    return media in (offered, "*/*", f"{kind}/*")
