"""Idempotency-Key on creating POSTs: a client that retries creates nothing twice."""

import asyncio
import uuid

import pytest

from tests.e2e.test_platform_flow import (
    book_when_booking_knows_tenant,
    fresh_slot,
    register,
    space_id,
)

pytestmark = pytest.mark.e2e

TENANT = {
    "kind": "startup",
    "display_name": "Kreasi Dubbing Nusantara",
    "plan_code": "office-tenant",
    "contact": {"name": "Rina", "email": "rina@example.id"},
}


async def test_a_retried_registration_returns_the_first_tenant(api):
    tenancy, _, _ = api
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = await tenancy.post("/tenants", json=TENANT, headers=key)
    retry = await tenancy.post("/tenants", json=TENANT, headers=key)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    without_key = await tenancy.post("/tenants", json=TENANT)
    assert without_key.json()["id"] != first.json()["id"]


async def test_a_key_reused_for_a_different_request_is_refused(api):
    tenancy, _, _ = api
    key = {"Idempotency-Key": str(uuid.uuid4())}
    assert (await tenancy.post("/tenants", json=TENANT, headers=key)).status_code == 201
    other = TENANT | {"display_name": "Another company"}
    refused = await tenancy.post("/tenants", json=other, headers=key)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "urn:bitc:problem:idempotency-key-reused"


async def test_an_overlong_key_is_a_client_error(api):
    tenancy, _, _ = api
    refused = await tenancy.post("/tenants", json=TENANT, headers={"Idempotency-Key": "k" * 256})
    assert refused.status_code == 400
    assert refused.json()["type"] == "urn:bitc:problem:invalid-idempotency-key"


async def test_simultaneous_retries_of_one_booking_create_one_booking(api):
    tenancy, booking, _ = api
    tenant_id = await register(tenancy, activate=True)
    starts_at, ends_at = fresh_slot()
    body = {
        "space_id": await space_id(booking, "BITC-MEET-B"),
        "tenant_id": tenant_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    # A first booking without a key makes sure booking already knows the tenant.
    warm_up_start, warm_up_end = fresh_slot()
    warm_up = body | {"starts_at": warm_up_start, "ends_at": warm_up_end}
    assert (await book_when_booking_knows_tenant(booking, warm_up)).status_code == 201
    key = {"Idempotency-Key": str(uuid.uuid4())}

    answers = await asyncio.gather(
        *(booking.post("/bookings", json=body, headers=key) for _ in range(10))
    )

    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.json()["id"] for answer in answers}) == 1
