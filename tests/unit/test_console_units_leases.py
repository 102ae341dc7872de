"""The staff's office pages: occupancy shares per site, the actions a lease's state allows, the
days a termination starts from, rupiah as staff type them, and areas the reader's way."""

from datetime import date

import pytest

from services.console.domain.units_leases import (
    area,
    default_termination,
    lease_actions,
    occupancy_rows,
    overall_row,
    share,
    typed_rupiah,
)

REPORT = {
    "overall": {
        "units_leased": 3,
        "units_total": 4,
        "area_leased_m2": 60.0,
        "area_total_m2": 90.0,
        "tenants_by_kind": {},
    },
    "sites": {
        "techno_park": {
            "units_leased": 0,
            "units_total": 0,
            "area_leased_m2": 0.0,
            "area_total_m2": 0.0,
            "tenants_by_kind": {},
        },
        "bitc": {
            "units_leased": 3,
            "units_total": 4,
            "area_leased_m2": 60.0,
            "area_total_m2": 90.0,
            "tenants_by_kind": {},
        },
    },
}


@pytest.mark.parametrize(
    ("part", "whole", "percent"),
    [(3, 4, 75), (1, 3, 33), (2, 3, 66), (4, 4, 100), (0, 4, 0), (0, 0, 0), (5, 4, 100)],
)
def test_a_share_is_whole_percent_rounded_down_and_nothing_of_nothing_is_zero(part, whole, percent):
    assert share(part, whole) == percent


def test_occupancy_lists_every_site_in_site_order_with_its_shares():
    rows = occupancy_rows(REPORT, None)

    assert [row.name for row in rows] == ["BITC", "Cimahi Techno Park"]
    assert (rows[0].units_share, rows[0].area_share) == (75, 66)
    assert (rows[1].units_share, rows[1].area_share) == (0, 0)
    assert overall_row(REPORT).units_leased == 3


def test_occupancy_of_one_site_shows_only_that_site():
    assert [row.code for row in occupancy_rows(REPORT, "techno_park")] == ["techno_park"]


def test_a_draft_can_be_signed_and_only_an_active_lease_renewed_or_terminated():
    assert lease_actions("draft") == ("sign",)
    assert lease_actions("active") == ("renew", "terminate")
    for state in ("ended", "terminated"):
        assert lease_actions(state) == ()


def test_a_termination_starts_as_notice_today_leaving_in_30_days_or_at_the_leases_end():
    today = date(2026, 8, 1)

    assert default_termination(today, date(2027, 1, 31)) == (today, date(2026, 8, 31))
    assert default_termination(today, date(2026, 8, 10)) == (today, date(2026, 8, 10))
    assert default_termination(today, date(2026, 7, 1)) == (today, today)


def test_rupiah_are_read_as_staff_type_them_and_anything_else_is_passed_on():
    assert typed_rupiah("1.500.000") == 1_500_000
    assert typed_rupiah("Rp 2500000") == 2_500_000
    assert typed_rupiah("lima juta") == "lima juta"


def test_areas_are_written_the_readers_way():
    assert area(12.5, "id") == "12,5 m²"
    assert area(1250, "en") == "1,250 m²"
    assert area(1250, "id") == "1.250 m²"
