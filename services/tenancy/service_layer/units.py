"""Use cases on office units."""

import uuid
from datetime import UTC, datetime

from contracts.tenancy import Site, UnitStatus
from services.tenancy.domain.unit import OfficeUnit
from services.tenancy.service_layer import lookups
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.http.idempotency import IdempotencyKey


async def create_unit(
    uow: TenancyUnitOfWork,
    *,
    site: Site,
    code: str,
    floor: int,
    area_m2: float,
    monthly_rate_idr: int,
    actor: str,
    idempotency_key: IdempotencyKey | None = None,
) -> OfficeUnit:
    async def create() -> OfficeUnit:
        unit = OfficeUnit.create(
            site=site,
            code=code,
            floor=floor,
            area_m2=area_m2,
            monthly_rate_idr=monthly_rate_idr,
            now=datetime.now(UTC),
        )
        await uow.units.add(unit)
        uow.audit.record(actor, "unit.create", unit.id, site=site, code=code)
        return unit

    return await uow.create_once(idempotency_key, create, lookups.unit)


async def update_unit(
    uow: TenancyUnitOfWork, unit_id: uuid.UUID, changes: dict[str, object], *, actor: str
) -> OfficeUnit:
    """Changes floor, area, rate and (vacant ⇄ maintenance) status; the code and site stay."""
    async with uow:
        unit = await lookups.unit(uow, unit_id, for_update=True)
        status = changes.pop("status", None)
        for name, value in changes.items():
            setattr(unit, name, value)
        unit.check()
        if isinstance(status, UnitStatus):
            unit.set_availability(status, datetime.now(UTC))
        await uow.units.save(unit)
        changed = changes if status is None else changes | {"status": status}
        uow.audit.record(actor, "unit.update", unit.id, changes=changed)
        await uow.commit()
    return unit


async def get_unit(uow: TenancyUnitOfWork, unit_id: uuid.UUID) -> OfficeUnit:
    async with uow:
        return await lookups.unit(uow, unit_id)


async def list_units(
    uow: TenancyUnitOfWork,
    *,
    site: Site | None,
    status: UnitStatus | None,
    after: tuple[str, str, uuid.UUID] | None,
    limit: int,
) -> list[OfficeUnit]:
    async with uow:
        return await uow.units.find(site=site, status=status, after=after, limit=limit)
