"""Every sentence the staff pages of bookings show has its Bahasa Indonesia translation: the
templates' strings and the English msgids the domain modules hand to them."""

from pathlib import Path

import pytest
from jinja2.ext import babel_extract

from services.console.adapters.translations import load_language
from services.console.domain import approvals, audit, board, closures, notifications_log
from services.console.domain.navigation import NAV
from services.console.entrypoints.http.notifications_log import RETRIED

TEMPLATES = Path(__file__).resolve().parents[2] / "services" / "console" / "templates"
AREAS = ("board", "approvals", "closures", "notifications_log", "audit")
STAFF_URLS = ("/staff/board", "/staff/approvals", "/staff/closures", "/staff/notifications")


def template_msgids(area: str) -> set[str]:
    found: set[str] = set()
    for template in sorted((TEMPLATES / area).glob("*.html")):
        with template.open("rb") as source:
            for _, _, message, _ in babel_extract(source, ("_", "gettext", "ngettext"), [], {}):
                texts = message if isinstance(message, tuple) else (message,)
                found |= {text for text in texts if text}
    return found


def domain_msgids() -> set[str]:
    labels = [label for label, _ in board.STATE_LABELS.values()]
    tables = (
        approvals.REJECTION_REASONS,
        closures.CLOSURE_REASONS,
        notifications_log.STATUSES,
        notifications_log.CHANNELS,
        notifications_log.CATEGORIES,
        notifications_log.RECIPIENT_KINDS,
        audit.SERVICES,
    )
    sentences = {
        approvals.NO_REASON,
        approvals.NOTHING_CHOSEN,
        closures.NO_TARGET,
        closures.NO_DAY,
        closures.BAD_REASON,
        closures.BAD_TIME,
        closures.ENDS_BEFORE_START,
        RETRIED,
    }
    menu = {e.label for e in NAV if e.url in (*STAFF_URLS, "/admin/audit")}
    return {*labels, *(text for table in tables for text in table.values()), *sentences, *menu}


@pytest.mark.parametrize("area", AREAS)
def test_every_string_of_the_areas_templates_is_translated(area):
    translated = load_language("id").messages
    shown = template_msgids(area)

    assert len(shown) > 10
    assert shown - set(translated) == set()


def test_every_label_and_sentence_the_domain_gives_the_pages_is_translated():
    translated = load_language("id").messages

    assert domain_msgids() - set(translated) == set()
    assert len(domain_msgids()) > 40
