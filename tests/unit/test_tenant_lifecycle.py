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
    MonthlyQuota,
    OffboardingReason,
    OverQuotaPolicy,
    PlanEntitlements,
    SpaceType,
    SuspensionReason,
    TenantActivated,
    TenantContactChanged,
    TenantContactErased,
    TenantKind,
    TenantOffboarded,
    TenantPlanChanged,
    TenantRegistered,
    TenantReinstated,
    TenantSponsorChanged,
    TenantSuspended,
)
from contracts.topics import TOPICS
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.errors import SponsorNotAllowed
from services.tenancy.domain.tenant import Tenant
from services.tenancy.domain.tenant_status import TenantStatus
from shared.domain.errors import IllegalTransition
from shared.messaging.events import DomainEvent

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


FLEX = PlanEntitlements(
    plan_code="coworking-flex",
    quotas=[MonthlyQuota(space_type=SpaceType.COWORKING_DESK, hours=160)],
    bookings_need_approval=False,
    over_quota=OverQuotaPolicy.REJECT,
)


@pytest.fixture
def tenant(contact):
    return Tenant.register(
        kind=TenantKind.STARTUP,
        display_name="Kopi Kode",
        plan_code="coworking-flex",
        entitlements=FLEX,
        contact=contact,
        now=NOW,
    )


def test_registering_a_tenant_leaves_it_applied_and_not_yet_activated(tenant):
    assert tenant.status is TenantStatus.APPLIED
    assert tenant.registered_at == NOW
    assert tenant.activated_at is None


def test_registering_records_registration_initial_plan_then_the_private_contact(tenant, contact):
    registered, plan_changed, contact_changed = tenant.events

    assert plan_changed == TenantPlanChanged(
        tenant_id=tenant.id, occurred_at=NOW, entitlements=FLEX
    )

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


def test_only_communities_have_a_sponsoring_agency(contact):
    community = Tenant.register(
        kind=TenantKind.COMMUNITY,
        display_name="Komunitas Musik Baros",
        plan_code="community",
        contact=contact,
        sponsor_agency="Dispudpar Kota Cimahi",
        now=NOW,
    )
    assert community.sponsor_agency == "Dispudpar Kota Cimahi"
    with pytest.raises(SponsorNotAllowed):
        Tenant.register(
            kind=TenantKind.STARTUP,
            display_name="Kopi Kode",
            plan_code="coworking-flex",
            contact=contact,
            sponsor_agency="Dispudpar Kota Cimahi",
            now=NOW,
        )


def _community(contact, sponsor_agency):
    return Tenant.register(
        kind=TenantKind.COMMUNITY,
        display_name="Komunitas Musik Baros",
        plan_code="community",
        contact=contact,
        sponsor_agency=sponsor_agency,
        now=NOW,
    )


def test_registration_and_activation_tell_the_sponsoring_agency(contact):
    community = _community(contact, "Dispudpar")
    community.activate(NOW + timedelta(days=1))

    registered, activated = (
        e for e in community.events if isinstance(e, TenantRegistered | TenantActivated)
    )
    assert registered.sponsor_agency == "Dispudpar"
    assert activated.sponsor_agency == "Dispudpar"


def _set_sponsor(community, sponsor_agency):
    community.events.clear()
    community.update_profile(
        display_name=community.display_name,
        contact=community.contact,
        tax_id=community.tax_id,
        sponsor_agency=sponsor_agency,
        now=NOW + timedelta(days=2),
        actor="staff",
    )
    return [e for e in community.events if isinstance(e, TenantSponsorChanged)]


def test_a_changed_sponsor_is_published_and_an_unchanged_one_is_not(contact):
    community = _community(contact, "Dispudpar")

    assert _set_sponsor(community, "Dispudpar") == []
    assert _set_sponsor(community, "Disdik") == [
        TenantSponsorChanged(
            tenant_id=community.id, occurred_at=NOW + timedelta(days=2), sponsor_agency="Disdik"
        )
    ]
    (cleared,) = _set_sponsor(community, None)
    assert cleared.sponsor_agency is None
    assert community.sponsor_agency is None


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


# --- public events carry no personal data (docs/events.md, "No personal data") -----------


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
    assert [type(event) for event in public] == [
        TenantRegistered,
        TenantPlanChanged,
        TenantActivated,
    ]
    for event in public:
        payload = event.model_dump_json()
        for personal in (contact.name, contact.email, contact.phone, "Kopi Kode"):
            assert personal not in payload
    assert uuid.UUID(str(public[0].tenant_id)) == tenant.id


# --- the rest of the lifecycle ----------------------------------------------------------------


def _active(tenant):
    tenant.activate(NOW, actor="staff:rina")
    tenant.events.clear()
    tenant.history.clear()
    return tenant


def test_suspending_and_reinstating_records_events_and_who_did_it_and_why(tenant):
    _active(tenant)
    later = NOW + timedelta(days=3)

    tenant.suspend(SuspensionReason.PAYMENT_OVERDUE, later, actor="staff:rina")
    tenant.reinstate(later + timedelta(days=1), actor="staff:budi", note="paid in full")

    assert tenant.status is TenantStatus.ACTIVE
    assert tenant.events == [
        TenantSuspended(
            tenant_id=tenant.id, occurred_at=later, reason=SuspensionReason.PAYMENT_OVERDUE
        ),
        TenantReinstated(tenant_id=tenant.id, occurred_at=later + timedelta(days=1)),
    ]
    suspended, reinstated = tenant.history
    assert (suspended.action, suspended.from_status, suspended.to_status) == (
        "suspend",
        TenantStatus.ACTIVE,
        TenantStatus.SUSPENDED,
    )
    assert (suspended.actor, suspended.reason, suspended.at) == (
        "staff:rina",
        "payment_overdue",
        later,
    )
    assert (reinstated.actor, reinstated.reason) == ("staff:budi", "paid in full")


@pytest.mark.parametrize(
    ("status_path", "action"),
    [
        ([], "suspend"),
        ([], "reinstate"),
        (["activate"], "reinstate"),
        (["activate", "offboard"], "activate"),
        (["activate", "offboard"], "suspend"),
        (["activate", "offboard"], "offboard"),
    ],
)
def test_illegal_transitions_are_refused_naming_the_current_state(tenant, status_path, action):
    steps = {
        "activate": lambda: tenant.activate(NOW),
        "suspend": lambda: tenant.suspend(SuspensionReason.OTHER, NOW, actor="staff"),
        "reinstate": lambda: tenant.reinstate(NOW, actor="staff"),
        "offboard": lambda: tenant.offboard(OffboardingReason.LEFT, NOW, actor="staff"),
    }
    for step in status_path:
        steps[step]()
    before = tenant.status
    events = list(tenant.events)

    with pytest.raises(IllegalTransition) as refused:
        steps[action]()

    assert refused.value.current is before
    assert before.value in str(refused.value)
    assert tenant.status is before
    assert tenant.events == events


def test_graduating_offboards_with_the_reason(tenant):
    _active(tenant)
    tenant.offboard(OffboardingReason.GRADUATED, NOW, actor="staff:rina")

    assert tenant.status is TenantStatus.OFFBOARDED
    assert tenant.offboarding_reason is OffboardingReason.GRADUATED
    assert tenant.events == [
        TenantOffboarded(tenant_id=tenant.id, occurred_at=NOW, reason=OffboardingReason.GRADUATED)
    ]


def test_changing_plan_publishes_the_new_entitlements(tenant):
    _active(tenant)
    office = FLEX.model_copy(update={"plan_code": "office-tenant"})

    tenant.change_plan("office-tenant", office, NOW, actor="staff")

    assert tenant.plan_code == "office-tenant"
    assert tenant.events == [
        TenantPlanChanged(tenant_id=tenant.id, occurred_at=NOW, entitlements=office)
    ]


def test_a_new_contact_is_published_privately_and_an_unchanged_one_is_not(tenant, contact):
    _active(tenant)
    tenant.update_profile(
        display_name=tenant.display_name,
        contact=contact,
        tax_id="012345678901000",
        sponsor_agency=None,
        now=NOW,
        actor="staff",
    )
    assert tenant.events == []
    moved = Contact(name="Siti", email="siti@kopikode.id", phone=None, language=Language.INDONESIAN)
    tenant.update_profile(
        display_name="Kopi Kode",
        contact=moved,
        tax_id=None,
        sponsor_agency=None,
        now=NOW,
        actor="staff",
    )
    (changed,) = tenant.events
    assert isinstance(changed, TenantContactChanged)
    assert changed.email == "siti@kopikode.id"


def test_personal_data_is_erased_only_after_offboarding(tenant):
    _active(tenant)
    with pytest.raises(IllegalTransition, match="active"):
        tenant.erase_personal_data(NOW, actor="staff:dpo")

    tenant.offboard(OffboardingReason.LEFT, NOW, actor="staff")
    tenant.events.clear()
    tenant.erase_personal_data(NOW, actor="staff:dpo")

    assert (tenant.contact.name, tenant.contact.email, tenant.contact.phone) == ("", "", None)
    assert tenant.display_name == "Kopi Kode"  # a company's name is not personal data
    assert tenant.events == [TenantContactErased(tenant_id=tenant.id)]
    assert TenantContactErased.tombstone is True


def test_erasing_an_individual_blanks_the_display_name_too(contact):
    person = Tenant.register(
        kind=TenantKind.INDIVIDUAL,
        display_name="Siti Rahayu",
        plan_code="coworking-flex",
        contact=contact,
        now=NOW,
    )
    person.offboard(OffboardingReason.LEFT, NOW, actor="staff")
    person.erase_personal_data(NOW, actor="staff:dpo")
    assert person.display_name == ""
