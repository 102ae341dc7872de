"""Tenancy's domain errors reach clients as the problems they always were: the same `type` slug,
status and machine-readable members, now answered by the shared vocabulary in one place."""

import uuid
from datetime import UTC, datetime

import pytest

from contracts.tenancy import Site, UnitStatus
from services.tenancy.domain.contact import normalise_phone
from services.tenancy.domain.tax_id import normalise_npwp
from services.tenancy.domain.unit import OfficeUnit
from shared.domain.errors import DomainError, NotFound, referenced
from shared.http.problems import problem_of

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TENANT = uuid.UUID("0b6f4c1e-3f53-4c49-9a43-5bfb4b7b0c11")


def _problem(action) -> dict:
    with pytest.raises(DomainError) as refused:
        action()
    problem = problem_of(refused.value)
    return {"status": problem.status, "type": problem.kind} | problem.extensions


def _leased_unit() -> OfficeUnit:
    unit = OfficeUnit.create(
        site=Site.BITC, code="BITC-OF-2.04", floor=2, area_m2=24.5, monthly_rate_idr=1, now=NOW
    )
    unit.lease_out(NOW)
    return unit


def _missing_plan_in_a_body() -> None:
    with referenced():
        raise NotFound("plan", "no-such-plan")


def _missing_tenant_in_the_path() -> None:
    raise NotFound("tenant", TENANT)


def test_malformed_phone_numbers_and_tax_ids_are_422_with_their_own_slugs():
    assert _problem(lambda: normalise_phone("hello")) == {
        "status": 422,
        "type": "invalid-phone-number",
    }
    assert _problem(lambda: normalise_npwp("12")) == {"status": 422, "type": "invalid-tax-id"}


def test_an_action_the_units_state_refuses_is_409_naming_the_action_and_state():
    unit = _leased_unit()
    assert _problem(lambda: unit.set_availability(UnitStatus.MAINTENANCE, NOW)) == {
        "status": 409,
        "type": "state-conflict",
        "action": "set maintenance",
        "current_state": "leased",
    }


def test_a_missing_thing_is_404_in_the_path_and_422_unknown_in_the_body():
    assert _problem(_missing_tenant_in_the_path) == {
        "status": 404,
        "type": "tenant-not-found",
        "tenant_id": str(TENANT),
    }
    assert _problem(_missing_plan_in_a_body) == {"status": 422, "type": "unknown-plan"}
