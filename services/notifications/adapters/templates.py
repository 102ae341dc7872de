"""Renders messages from the Jinja2 files in ``services/notifications/templates/<language>/``.

StrictUndefined: a template using a variable the context lacks raises, so the tests that render
every template in every language catch it before any real send would.
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from services.notifications.domain.quiet_hours import JAKARTA

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
_DATETIME = {"id": "EEEE, d MMMM y 'pukul' HH.mm 'WIB'", "en": "EEEE d MMMM y, HH:mm 'WIB'"}
_TIME = {"id": "HH.mm", "en": "HH:mm"}


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str
    #: For WhatsApp and SMS: a few lines that stand on their own.
    short: str


def _moment(value: str | datetime) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


@pass_context
def _wib(context: Context, value: str | datetime) -> str:
    return format_datetime(
        _moment(value), _DATETIME[context["language"]], tzinfo=JAKARTA, locale=context["language"]
    )


@pass_context
def _wib_time(context: Context, value: str | datetime) -> str:
    lang = context["language"]
    return format_datetime(_moment(value), _TIME[lang], tzinfo=JAKARTA, locale=lang)


@pass_context
def _day(context: Context, value: str | date) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, "d MMMM y", locale=context["language"])


@pass_context
def _month(context: Context, value: str) -> str:
    """``2026-12`` → Desember 2026."""
    year, month = map(int, value.split("-"))
    return format_date(date(year, month, 1), "MMMM y", locale=context["language"])


def _rupiah(amount: int) -> str:
    """Indonesian style whatever the language: Rp1.500.000."""
    return format_currency(amount, "IDR", locale="id_ID")


class MessageRenderer:
    def __init__(self, directory: Path = TEMPLATE_DIR) -> None:
        self._env = Environment(
            loader=FileSystemLoader(directory),
            undefined=StrictUndefined,
            autoescape=False,  # plain-text e-mail and chat messages, never HTML
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters.update(
            wib=_wib, wib_time=_wib_time, day=_day, month=_month, rupiah=_rupiah
        )

    def render(self, category: str, language: str, context: dict[str, Any]) -> RenderedMessage:
        lang = language if language in LANGUAGES else DEFAULT_LANGUAGE
        template = self._env.get_template(f"{lang}/{category}.j2")
        labels = self._env.get_template(f"{lang}/_labels.j2").module
        ctx = template.new_context({**context, "language": lang, "l": labels})
        parts = {
            name: "".join(template.blocks[name](ctx)).strip()
            for name in ("subject", "body", "short")
        }
        return RenderedMessage(**parts)
