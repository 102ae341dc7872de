"""How the console writes times, dates and money, with Babel: times always in WIB (the sites
are in Cimahi, whoever looks), dates in the reader's language, rupiah the Indonesian way."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.numbers import format_currency

WIB = ZoneInfo("Asia/Jakarta")


def in_wib(moment: datetime) -> datetime:
    """``moment`` on the sites' wall clock; a naive one is refused rather than guessed."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment} has no time zone")
    return moment.astimezone(WIB)


def wib_time(moment: datetime, language: str) -> str:
    """E.g. ``14:30``; the 24-hour clock is the usual one in both languages here."""
    return format_time(in_wib(moment), "HH:mm", locale=language)


def wib_datetime(moment: datetime, language: str) -> str:
    """E.g. ``Senin, 17 Agustus 2026 14:30 WIB``."""
    local = in_wib(moment)
    return f"{long_date(local.date(), language)} {wib_time(local, language)} WIB"


def long_date(day: date, language: str) -> str:
    """E.g. ``Senin, 17 Agustus 2026`` / ``Monday, August 17, 2026``."""
    return format_date(day, "full", locale=language)


def short_date(day: date, language: str) -> str:
    """E.g. ``Sen 17 Agu`` / ``Mon 17 Aug``: a column heading of a week."""
    return format_date(day, "EEE d MMM", locale=language)


def rupiah(amount: int | Decimal) -> str:
    """E.g. ``Rp1.500.000``: written the Indonesian way in either language, as on an invoice."""
    return format_currency(amount, "IDR", format="¤#,##0", locale="id", currency_digits=False)
