"""The tenant aggregate's lifecycle, and the rule that public events carry no personal data."""

import importlib
import pkgutil
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

import contracts
from contracts.booking import BookingConfirmed
from contracts.tenancy import (
    Language,
    TenantActivated,
    TenantContactChanged,
    TenantKind,
    TenantRegistered,
)
from contracts.topics import TOPICS
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.tenant import (
    KNOWN_PLANS,
    IllegalTransition,
    Tenant,
    TenantStatus,
    UnknownPlan,
)
from shared.events import DomainEvent

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
PERSONAL_FIELD = re.compile(r"name|mail|phone|contact|address", re.IGNORECASE)


@pytest.fixture
def contact():
    return Contact(
        name="Siti Rahayu",
        email="siti@example.co.id",
        phone="+6281234567890",
        language=Language.ENGLISH,
    )


@pytest.fixture
def tenant(contact):
    return Tenant.register(
        kind=TenantKind.STARTUP,
        display_name="Kopi Kode",
        plan_code="coworking-flex",
        contact=contact,
        now=NOW,
    )


def test_registering_a_tenant_leaves_it_applied_and_not_yet_activated(tenant):
    assert tenant.status is TenantStatus.APPLIED
    assert tenant.registered_at == NOW
    assert tenant.activated_at is None


def test_registering_records_a_public_registration_then_the_private_contact(tenant, contact):
    registered, contact_changed = tenant.events

    assert registered == TenantRegistered(
        tenant_id=tenant.id, occurred_at=NOW, kind=TenantKind.STARTUP, plan_code="coworking-flex"
    )
    assert isinstance(contact_changed, TenantContactChanged)
    assert contact_changed.tenant_id == tenant.id
    assert contact_changed.display_name == "Kopi Kode"
    assert contact_changed.contact_name == contact.name
    assert contact_changed.email == contact.email
    assert contact_changed.phone == contact.phone
    assert contact_changed.language is Language.ENGLISH


def test_each_registration_gets_its_own_tenant_id(contact):
    first, second = (
        Tenant.register(
            kind=TenantKind.COMPANY,
            display_name="PT Contoh",
            plan_code="office-tenant",
            contact=contact,
            now=NOW,
        )
        for _ in range(2)
    )
    assert first.id != second.id


def test_registering_on_an_unknown_plan_is_refused_naming_the_known_plans(contact):
    with pytest.raises(UnknownPlan, match="gold-unlimited") as refused:
        Tenant.register(
            kind=TenantKind.STARTUP,
            display_name="Kopi Kode",
            plan_code="gold-unlimited",
            contact=contact,
            now=NOW,
        )
    for plan in KNOWN_PLANS:
        assert plan in str(refused.value)


def test_activating_an_applied_tenant_makes_it_active_and_records_tenant_activated(tenant):
    later = NOW + timedelta(days=1)
    tenant.events.clear()

    tenant.activate(later)

    assert tenant.status is TenantStatus.ACTIVE
    assert tenant.activated_at == later
    assert tenant.events == [
        TenantActivated(
            tenant_id=tenant.id,
            occurred_at=later,
            kind=TenantKind.STARTUP,
            plan_code="coworking-flex",
        )
    ]


def test_activating_twice_is_an_illegal_transition_naming_the_current_state(tenant):
    first = NOW + timedelta(days=1)
    tenant.activate(first)
    events_before = list(tenant.events)

    with pytest.raises(IllegalTransition, match="active") as refused:
        tenant.activate(first + timedelta(hours=1))

    assert refused.value.action == "activate"
    assert refused.value.current is TenantStatus.ACTIVE
    assert tenant.activated_at == first
    assert tenant.events == events_before


# --- public events carry no personal data (design.md §2) ------------------------------------


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _public_contract_events():
    for module in pkgutil.iter_modules(contracts.__path__):
        importlib.import_module(f"{contracts.__name__}.{module.name}")
    public_topics = {spec.name for spec in TOPICS if spec.public}
    return sorted(
        (
            cls
            for cls in set(_all_subclasses(DomainEvent))
            if cls.__module__.startswith(f"{contracts.__name__}.")
            and getattr(cls, "topic", None) in public_topics
        ),
        key=lambda cls: cls.__qualname__,
    )


def _personal_fields(event_class):
    return [field for field in event_class.model_fields if PERSONAL_FIELD.search(field)]


PUBLIC_EVENTS = _public_contract_events()


def test_the_public_event_guard_sees_the_events_other_systems_read():
    assert {TenantRegistered, TenantActivated, BookingConfirmed} <= set(PUBLIC_EVENTS)
    assert TenantContactChanged not in PUBLIC_EVENTS


def test_the_personal_data_guard_would_flag_the_private_contact_event():
    assert set(_personal_fields(TenantContactChanged)) >= {
        "display_name",
        "contact_name",
        "email",
        "phone",
    }


@pytest.mark.parametrize("event_class", PUBLIC_EVENTS, ids=lambda cls: cls.__qualname__)
def test_public_events_carry_no_personal_data(event_class):
    assert _personal_fields(event_class) == []


def test_registered_and_activated_payloads_do_not_leak_the_contact(tenant, contact):
    tenant.activate(NOW)
    public = [event for event in tenant.events if not isinstance(event, TenantContactChanged)]
    assert [type(event) for event in public] == [TenantRegistered, TenantActivated]
    for event in public:
        payload = event.model_dump_json()
        for personal in (contact.name, contact.email, contact.phone, "Kopi Kode"):
            assert personal not in payload
    assert uuid.UUID(str(public[0].tenant_id)) == tenant.id
