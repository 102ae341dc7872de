"""The staff's tenant pages decide without asking tenancy: which lifecycle buttons a status
offers, when typing a name confirms an erasure, and which field a refused registration marks."""

import pytest

from services.console.domain.navigation import visible_entries
from services.console.domain.tenants import (
    Registration,
    allowed_actions,
    erase_confirmed,
    refused_fields,
)
from shared.auth.principal import Role


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        ("applied", ("activate", "offboard")),
        ("active", ("suspend", "offboard")),
        ("suspended", ("reinstate", "offboard")),
        ("offboarded", ("erase",)),
    ],
)
def test_each_status_offers_only_the_actions_tenancy_allows_from_it(status, offered):
    assert allowed_actions(status, personal_data_erased=False) == offered


def test_personal_data_is_erased_once_and_nothing_is_offered_after():
    assert allowed_actions("offboarded", personal_data_erased=True) == ()


def test_an_erasure_is_confirmed_by_the_tenants_name_in_any_case_and_spacing():
    assert erase_confirmed("  kopi   kode ", "Kopi Kode")
    assert not erase_confirmed("Kopi Kod", "Kopi Kode")
    assert not erase_confirmed("Batik Digital", "Kopi Kode")


def test_an_empty_confirmation_never_confirms_even_an_erased_name():
    assert not erase_confirmed("", "")
    assert not erase_confirmed("   ", "Kopi Kode")


def test_the_form_becomes_tenancys_registration_without_empty_optional_fields():
    form = Registration.of(
        {
            "csrf_token": "left out",
            "kind": "startup",
            "display_name": " Kopi Kode ",
            "plan_code": "coworking-flex",
            "contact_name": "Siti",
            "contact_email": "siti@kopi.id ",
            "contact_phone": "",
            "sponsor_agency": " ",
        }
    )

    assert form.body() == {
        "kind": "startup",
        "display_name": "Kopi Kode",
        "plan_code": "coworking-flex",
        "contact": {"name": "Siti", "email": "siti@kopi.id"},
    }


def test_a_refused_registration_marks_the_fields_tenancy_named():
    body = {
        "errors": [
            {"location": ["body", "contact", "email"], "message": "not an e-mail"},
            {"location": ["body", "display_name"], "message": "too short"},
            {"location": ["body"], "message": "about the whole form"},
        ]
    }

    assert refused_fields("invalid-request", body) == {"contact_email", "display_name"}
    assert refused_fields("invalid-phone-number", {}) == {"contact_phone"}
    assert refused_fields("sponsor-not-allowed", {}) == {"sponsor_agency"}
    assert refused_fields("illegal-transition", {"errors": "not a list"}) == set()


def test_the_menu_offers_the_tenancy_pages_to_staff_only():
    staff_pages = {"/staff/tenants", "/staff/units", "/staff/leases", "/staff/occupancy"}

    def urls(*roles: Role) -> set[str]:
        return {entry.url for entry in visible_entries(frozenset(roles))}

    assert staff_pages <= urls(Role.manager)
    assert staff_pages <= urls(Role.admin)
    assert not staff_pages & urls(Role.tenant_member, Role.community_lead)
    assert not staff_pages & {entry.url for entry in visible_entries(None)}
