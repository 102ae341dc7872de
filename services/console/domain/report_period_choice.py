"""The period a report page shows, as staff pick it: a month from the list, or any first and
last day. Read from the page's address; a period the services would refuse is replaced by the
current month with a sentence saying so, so the page still shows figures."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from shared.domain.report_period import InvalidPeriod, ReportPeriod

INVALID_PERIOD = (
    "That period cannot be shown (the last day is before the first, or it is longer than "
    "a year), so this month is shown."
)
#: How far the month list reaches: ahead (bookings are taken up to two months ahead) and back.
MONTHS_AHEAD, MONTHS_BACK = 3, 12


@dataclass(frozen=True)
class PeriodChoice:
    period: ReportPeriod
    #: "month" or "range": which part of the picker chose it.
    by: str

    @property
    def month(self) -> str:
        return self.period.first_day.strftime("%Y-%m") if self.by == "month" else ""

    def as_query(self) -> dict[str, str]:
        """The services' period query (shared/http/report_period_query.py)."""
        if self.by == "month":
            return {"month": self.month}
        return {"from": self.period.first_day.isoformat(), "to": self.period.last_day.isoformat()}

    def label(self, language: str) -> str:
        """E.g. ``November 2026``, or two days joined by an en dash, in the reader's language."""
        if self.by == "month":
            return format_date(self.period.first_day, "MMMM y", locale=language)
        first, last = (
            format_date(day, "d MMM y", locale=language)
            for day in (self.period.first_day, self.period.last_day)
        )
        return f"{first} \u2013 {last}"


def this_month(today: date) -> PeriodChoice:
    return PeriodChoice(ReportPeriod.month(today.year, today.month), "month")


def period_asked(asked: Mapping[str, str], today: date) -> tuple[PeriodChoice, str | None]:
    """``by=range`` with ``from`` and ``to`` (dates), else ``month`` (YYYY-MM), else this month;
    with the sentence to show when what was asked could not be used."""
    try:
        if asked.get("by") == "range":
            first, last = date.fromisoformat(asked["from"]), date.fromisoformat(asked["to"])
            return PeriodChoice(ReportPeriod(first, last), "range"), None
        if asked.get("month"):
            return PeriodChoice(ReportPeriod.of_month_text(asked["month"]), "month"), None
    except (KeyError, ValueError, InvalidPeriod):
        return this_month(today), INVALID_PERIOD
    return this_month(today), None


def month_choices(today: date, language: str, shown: str = "") -> list[tuple[str, str]]:
    """(``2026-11``, ``November 2026``), newest first: the next months bookings are already
    taken for, this month and the year before it, and ``shown`` (YYYY-MM) when it is none of
    those, so the list always names the month on the page."""
    year, month = today.year, today.month + MONTHS_AHEAD
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    values = []
    for _ in range(MONTHS_AHEAD + 1 + MONTHS_BACK):
        values.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    if shown and shown not in values:
        values = sorted([*values, shown], reverse=True)
    return [(value, _month_name(value, language)) for value in values]


def _month_name(value: str, language: str) -> str:
    year, month = (int(part) for part in value.split("-"))
    return format_date(date(year, month, 1), "MMMM y", locale=language)
