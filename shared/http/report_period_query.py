"""The period query every report takes: ``month=2026-11``, or ``from`` and ``to`` (WIB days,
both included). One of the two forms, never both; anything else is 422 ``invalid-period``."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from shared.domain.report_period import InvalidPeriod, ReportPeriod

_MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


async def report_period(
    month: Annotated[
        str | None,
        Query(pattern=_MONTH_PATTERN, description="A calendar month in WIB, e.g. `2026-11`"),
    ] = None,
    from_: Annotated[
        date | None, Query(alias="from", description="First day (WIB), with `to`")
    ] = None,
    to: Annotated[date | None, Query(description="Last day (WIB, included), with `from`")] = None,
) -> ReportPeriod:
    if month is not None:
        if from_ is not None or to is not None:
            raise InvalidPeriod("give either `month` or `from` and `to`, not both")
        return ReportPeriod.of_month_text(month)
    if from_ is None or to is None:
        raise InvalidPeriod("give `month` (YYYY-MM), or both `from` and `to` (YYYY-MM-DD)")
    return ReportPeriod(from_, to)


Period = Annotated[ReportPeriod, Depends(report_period)]
