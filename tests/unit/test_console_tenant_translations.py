"""Every sentence of a tenant's pages (booking form, series, my bookings) reads in Bahasa
Indonesia: no English msgid of their templates or domain is left untranslated."""

from pathlib import Path

import pytest
from jinja2.ext import babel_extract

from services.console.adapters.translations import load_language
from services.console.domain import my_account, my_bookings, weekly_series
from services.console.domain.navigation import TENANT_NAV

TEMPLATES = Path(__file__).resolve().parents[2] / "services" / "console" / "templates"
AREAS = ("booking_form", "series", "my_bookings")


def template_msgids(area: str) -> set[str]:
    found = set()
    for path in (TEMPLATES / area).glob("*.html"):
        with path.open("rb") as template:
            for _, _, message, _ in babel_extract(
                template, ("_", "gettext", "ngettext"), [], {"extensions": "jinja2.ext.i18n"}
            ):
                messages = message if isinstance(message, tuple) else (message,)
                found |= {m for m in messages if m}
    return found


def domain_msgids() -> set[str]:
    return {
        *my_bookings.TAB_NAMES.values(),
        *my_bookings.STATUS_NAMES.values(),
        my_bookings.confirmation_of("requested"),
        my_bookings.confirmation_of("confirmed"),
        *weekly_series.SKIPPED_BECAUSE.values(),
        weekly_series.UNKNOWN_REASON,
        *weekly_series.CLOSURE_REASONS.values(),
        *my_account.OPTIONAL_MESSAGES.values(),
        *(entry.label for entry in TENANT_NAV),
    }


@pytest.mark.parametrize("area", AREAS)
def test_every_sentence_of_the_templates_has_its_bahasa_indonesia(area):
    indonesian = load_language("id").messages

    assert sorted(template_msgids(area) - indonesian.keys()) == []


def test_every_sentence_the_domain_hands_to_the_pages_has_its_bahasa_indonesia():
    indonesian = load_language("id").messages

    assert sorted(domain_msgids() - indonesian.keys()) == []
