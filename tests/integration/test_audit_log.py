"""Tenancy's audit log against the real database: each staff action leaves who, when, what and
why in the same transaction as the change; entries can be neither deleted nor rewritten; and
erasing a tenant's personal data keeps every entry about it, without the erased data."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from contracts.tenancy import Language, OffboardingReason, SuspensionReason, TenantKind
from services.tenancy.adapters.tables import audit_log
from services.tenancy.domain.contact import Contact
from services.tenancy.service_layer import erasure, lookups, tenant_lifecycle, tenants, units
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.audit.api import AuditEntryOut, find_entries
from shared.domain.errors import IllegalTransition
from shared.observability.correlation import correlated
from tests.integration.test_tenancy_events import active_tenant, engine, vacant_unit

pytestmark = pytest.mark.integration
__all__ = ["engine"]  # the fixture, used by name


async def entries_about(engine, target_id: object) -> list[AuditEntryOut]:
    """Oldest first, as a reader follows a story."""
    async with engine.connect() as conn:
        found = await find_entries(
            conn, audit_log, {"target_id": str(target_id)}, (None, None), None, 100
        )
    return found[::-1]


async def test_a_suspension_is_recorded_with_who_when_what_and_why(engine):
    tenant = await active_tenant(engine)
    before = datetime.now(UTC)
    with correlated("req-suspend-1"):
        await tenant_lifecycle.suspend_tenant(
            TenancyUnitOfWork(engine),
            tenant.id,
            reason=SuspensionReason.PAYMENT_OVERDUE,
            actor="manager:rina",
        )

    *_, entry = await entries_about(engine, tenant.id)
    assert (entry.actor, entry.action, entry.target_type) == (
        "manager:rina",
        "tenant.suspend",
        "tenant",
    )
    assert entry.reason == "payment_overdue"
    assert entry.details == {"from_status": "active", "to_status": "suspended"}
    assert entry.correlation_id == "req-suspend-1"
    assert before <= entry.occurred_at <= datetime.now(UTC)


async def test_an_action_whose_audit_entry_is_refused_does_not_happen(engine):
    tenant = await active_tenant(engine)
    async with TenancyUnitOfWork(engine) as uow:
        found = await lookups.tenant(uow, tenant.id, for_update=True)
        found.suspend(SuspensionReason.OTHER, datetime.now(UTC), "staff")
        await uow.tenants.save(found)
        uow.audit.record(None, "tenant.suspend", tenant.id)  # type: ignore[arg-type]
        with pytest.raises(DBAPIError):
            await uow.commit()

    assert (await tenants.get_tenant(TenancyUnitOfWork(engine), tenant.id)).status == "active"


async def test_a_failed_action_leaves_no_entry(engine):
    tenant = await active_tenant(engine)
    with pytest.raises(IllegalTransition):
        await tenant_lifecycle.reinstate_tenant(TenancyUnitOfWork(engine), tenant.id, actor="x")
    assert [e.action for e in await entries_about(engine, tenant.id)] == [
        "tenant.register",
        "tenant.activate",
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM tenancy.audit_log WHERE target_id = :target",
        "UPDATE tenancy.audit_log SET action = 'tenant.reinstate' WHERE target_id = :target",
        "UPDATE tenancy.audit_log SET occurred_at = now() - interval '1 year' "
        "WHERE target_id = :target",
        "TRUNCATE tenancy.audit_log",
    ],
)
async def test_the_service_itself_cannot_delete_or_rewrite_an_entry(engine, statement):
    tenant = await active_tenant(engine)
    async with engine.connect() as conn:
        # The trigger refuses rows; TRUNCATE the login role is not even granted.
        with pytest.raises(DBAPIError, match=r"append-only|permission denied"):
            await conn.execute(sa.text(statement), {"target": str(tenant.id)})
    assert len(await entries_about(engine, tenant.id)) == 2


async def test_a_unit_edit_records_what_changed(engine):
    unit = await vacant_unit(engine)
    await units.update_unit(
        TenancyUnitOfWork(engine), unit.id, {"monthly_rate_idr": 5_000_000}, actor="manager:ayu"
    )
    created, updated = await entries_about(engine, unit.id)
    assert (created.action, created.actor) == ("unit.create", "staff")
    assert (updated.action, updated.actor) == ("unit.update", "manager:ayu")
    assert updated.details == {"changes": {"monthly_rate_idr": 5_000_000}}


async def test_erasure_is_audited_and_keeps_every_entry_about_the_tenant_without_the_data(engine):
    tag = uuid.uuid4().hex[:8]
    person = Contact(
        name=f"Dewi Lestari {tag}",
        email=f"dewi.{tag}@example.id",
        phone="+6281299887766",
        language=Language.ENGLISH,
    )
    tenant = await tenants.register_tenant(
        TenancyUnitOfWork(engine),
        kind=TenantKind.INDIVIDUAL,
        display_name=f"Dewi {tag} Studio",
        plan_code="coworking-flex",
        contact=person,
        actor="staff:rina",
    )
    await tenants.activate_tenant(
        TenancyUnitOfWork(engine), tenant.id, actor="staff:rina", note=f"met {person.name}"
    )
    # The tenant left on its own: the actor staff typed is the person's name.
    await tenant_lifecycle.offboard_tenant(
        TenancyUnitOfWork(engine), tenant.id, reason=OffboardingReason.LEFT, actor=person.name
    )
    await erasure.erase_personal_data(TenancyUnitOfWork(engine), tenant.id, actor="admin:dpo")

    entries = await entries_about(engine, tenant.id)
    assert [(e.action, e.actor, e.reason) for e in entries] == [
        ("tenant.register", "staff:rina", None),
        ("tenant.activate", "staff:rina", "met [erased]"),
        ("tenant.offboard", "[erased]", "left"),
        ("tenant.erase_personal_data", "admin:dpo", None),
    ]
    stored = [e.model_dump_json() for e in entries]
    for trace in (person.name, person.email, person.phone, tag):
        assert not [s for s in stored if trace in s], trace


async def test_entries_are_found_by_actor_action_and_period(engine):
    actor = f"manager:{uuid.uuid4().hex[:8]}"
    first, second = await active_tenant(engine), await active_tenant(engine)
    for tenant in (first, second):
        await tenant_lifecycle.suspend_tenant(
            TenancyUnitOfWork(engine), tenant.id, reason=SuspensionReason.OTHER, actor=actor
        )
    await tenant_lifecycle.reinstate_tenant(TenancyUnitOfWork(engine), first.id, actor=actor)

    async with engine.connect() as conn:
        by_actor = await find_entries(conn, audit_log, {"actor": actor}, (None, None), None, 10)
        suspensions = await find_entries(
            conn, audit_log, {"actor": actor, "action": "tenant.suspend"}, (None, None), None, 10
        )
        later = by_actor[0].occurred_at
        before_last = await find_entries(conn, audit_log, {"actor": actor}, (None, later), None, 10)
        long_ago = await find_entries(
            conn, audit_log, {"actor": actor}, (None, later - timedelta(days=1)), None, 10
        )
    assert [(e.action, e.target_id) for e in by_actor] == [
        ("tenant.reinstate", str(first.id)),
        ("tenant.suspend", str(second.id)),
        ("tenant.suspend", str(first.id)),
    ]
    assert {e.target_id for e in suspensions} == {str(first.id), str(second.id)}
    assert [e.action for e in before_last] == ["tenant.suspend", "tenant.suspend"]
    assert long_ago == []
