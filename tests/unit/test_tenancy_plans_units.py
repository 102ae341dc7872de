"""Plans, office units, tax ids and occupancy: the tenancy rules that need no database."""

from datetime import UTC, datetime

import pytest

from contracts.tenancy import (
    MonthlyQuota,
    OverQuotaPolicy,
    Site,
    SpaceType,
    TenantKind,
    UnitStatus,
    UnitStatusChanged,
)
from services.tenancy.domain.errors import InvalidTaxId, StateConflict
from services.tenancy.domain.occupancy import UnitFigure, occupancy_by_site, overall
from services.tenancy.domain.plan import Plan
from services.tenancy.domain.tax_id import normalise_npwp
from services.tenancy.domain.unit import OfficeUnit
from shared.domain.errors import RuleBroken

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01.234.567.8-901.000", "012345678901000"),
        ("012345678901000", "012345678901000"),
        ("3273012345678901", "3273012345678901"),
    ],
)
def test_npwp_in_the_dotted_15_digit_or_16_digit_form_is_kept_as_digits(typed, stored):
    assert normalise_npwp(typed) == stored


@pytest.mark.parametrize(
    "typed", ["12345", "01.234.567.8-901", "0123456789010001X", "01-234-567-8-901-000", ""]
)
def test_anything_else_is_not_an_npwp(typed):
    with pytest.raises(InvalidTaxId):
        normalise_npwp(typed)


def _plan(**overrides):
    terms = {
        "code": "coworking-flex",
        "name": "Coworking flex",
        "monthly_fee_idr": 750_000,
        "quotas": (MonthlyQuota(space_type=SpaceType.COWORKING_DESK, hours=160),),
        "bookings_need_approval": False,
        "over_quota": OverQuotaPolicy.REJECT,
        "updated_at": NOW,
    }
    return Plan(**terms | overrides)


def test_a_plans_entitlements_are_what_booking_needs():
    entitlements = _plan().entitlements
    assert entitlements.plan_code == "coworking-flex"
    assert entitlements.quotas == [MonthlyQuota(space_type=SpaceType.COWORKING_DESK, hours=160)]
    assert entitlements.over_quota is OverQuotaPolicy.REJECT


def test_a_new_fee_or_name_is_not_a_change_of_terms_but_new_quotas_are():
    plan = _plan()
    assert not plan.edited(NOW, monthly_fee_idr=900_000, name="Flex").terms_differ(plan)
    more = [MonthlyQuota(space_type=SpaceType.COWORKING_DESK, hours=200)]
    assert plan.edited(NOW, quotas=more).terms_differ(plan)
    assert plan.edited(NOW, bookings_need_approval=True).terms_differ(plan)


def test_a_plan_grants_one_quota_per_kind_of_space_and_no_negative_fee():
    desk = MonthlyQuota(space_type=SpaceType.COWORKING_DESK, hours=1)
    with pytest.raises(RuleBroken):
        _plan(quotas=(desk, desk))
    with pytest.raises(RuleBroken):
        _plan(monthly_fee_idr=-1)


def _unit():
    return OfficeUnit.create(
        site=Site.BITC,
        code="BITC-OF-2.04",
        floor=2,
        area_m2=24.5,
        monthly_rate_idr=4_500_000,
        now=NOW,
    )


def test_a_new_unit_is_vacant_and_announced():
    unit = _unit()
    assert unit.status is UnitStatus.VACANT
    (announced,) = unit.events
    assert isinstance(announced, UnitStatusChanged)
    assert (announced.status, announced.previous_status, announced.aggregate_id) == (
        UnitStatus.VACANT,
        None,
        str(unit.id),
    )


def test_leasing_and_freeing_a_unit_announces_each_change():
    unit = _unit()
    unit.events.clear()
    unit.lease_out(NOW)
    unit.free(NOW)
    assert [(e.previous_status, e.status) for e in unit.events] == [
        (UnitStatus.VACANT, UnitStatus.LEASED),
        (UnitStatus.LEASED, UnitStatus.VACANT),
    ]


def test_staff_cannot_take_a_leased_unit_into_maintenance_nor_lease_one_in_maintenance():
    unit = _unit()
    unit.lease_out(NOW)
    with pytest.raises(StateConflict, match="leased"):
        unit.set_availability(UnitStatus.MAINTENANCE, NOW)
    other = _unit()
    other.set_availability(UnitStatus.MAINTENANCE, NOW)
    with pytest.raises(StateConflict, match="maintenance"):
        other.lease_out(NOW)


def test_occupancy_per_site_and_overall():
    units = [
        UnitFigure(Site.BITC, 20.0, UnitStatus.LEASED),
        UnitFigure(Site.BITC, 30.0, UnitStatus.VACANT),
        UnitFigure(Site.TECHNO_PARK, 50.0, UnitStatus.LEASED),
        UnitFigure(Site.TECHNO_PARK, 50.0, UnitStatus.MAINTENANCE),
    ]
    lessees = [(Site.BITC, TenantKind.STARTUP), (Site.TECHNO_PARK, TenantKind.COMPANY)]
    sites = occupancy_by_site(units, lessees)
    bitc = sites[Site.BITC]
    assert (bitc.units_leased, bitc.units_total, bitc.area_leased_m2, bitc.area_total_m2) == (
        1,
        2,
        20.0,
        50.0,
    )
    assert bitc.tenants_by_kind[TenantKind.STARTUP] == 1
    assert bitc.tenants_by_kind[TenantKind.COMPANY] == 0
    total = overall(sites, {TenantKind.COMMUNITY: 3, TenantKind.STARTUP: 1})
    assert (total.units_leased, total.units_total) == (2, 4)
    assert total.area_rate == pytest.approx(70 / 150)
    assert total.tenants_by_kind[TenantKind.COMMUNITY] == 3
    assert total.tenants_by_kind[TenantKind.INDIVIDUAL] == 0


def test_occupancy_of_a_site_without_units_is_zero_not_an_error():
    sites = occupancy_by_site([], [])
    assert sites[Site.TECHNO_PARK].unit_rate == 0.0
    assert sites[Site.TECHNO_PARK].area_rate == 0.0
