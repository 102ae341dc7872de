"""Use cases on the catalogue: spaces, the rules of space types and of single spaces."""

import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from contracts.booking import Site, SpaceType
from services.booking.domain.rules import BookingRules
from services.booking.domain.space import Space
from services.booking.service_layer.lookups import existing_space
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.http.idempotency import IdempotencyKey


async def list_spaces(
    uow: BookingUnitOfWork, space_type: SpaceType | None = None, site: Site | None = None
) -> list[Space]:
    async with uow:
        return await uow.spaces.list(space_type, site)


async def get_space(uow: BookingUnitOfWork, space_id: uuid.UUID) -> Space:
    async with uow:
        return await existing_space(uow, space_id)


async def create_space(
    uow: BookingUnitOfWork, attributes: dict[str, Any], key: IdempotencyKey | None, *, actor: str
) -> Space:
    async def create() -> Space:
        space = Space.create(now=datetime.now(UTC), **attributes)
        await uow.spaces.add(space)
        uow.audit.record(actor, "space.create", space.id, site=space.site, code=space.code)
        return space

    return await uow.create_once(key, create, existing_space)


async def update_space(
    uow: BookingUnitOfWork, space_id: uuid.UUID, changes: dict[str, Any], *, actor: str
) -> Space:
    """Changes attributes (``active=False`` retires a space); existing bookings stay."""
    async with uow:
        space = await existing_space(uow, space_id)
        space.update(now=datetime.now(UTC), **changes)
        await uow.spaces.save(space)
        uow.audit.record(actor, "space.update", space.id, fields=sorted(changes))
        await uow.commit()
    return space


async def rules_of_type(uow: BookingUnitOfWork, space_type: SpaceType) -> BookingRules:
    async with uow:
        return await uow.spaces.type_rules(space_type)


async def replace_type_rules(
    uow: BookingUnitOfWork, space_type: SpaceType, rules: BookingRules, *, actor: str
) -> BookingRules:
    async with uow:
        await uow.spaces.set_type_rules(space_type, rules)
        uow.audit.record(actor, "rules.replace", space_type, rules=asdict(rules))
        await uow.commit()
    return rules


async def rules_of_space(
    uow: BookingUnitOfWork, space_id: uuid.UUID
) -> tuple[dict[str, Any], BookingRules]:
    """The space's own overrides and the rules that apply to it."""
    async with uow:
        space = await existing_space(uow, space_id)
        return await uow.spaces.overrides(space_id), await uow.spaces.rules_for(space)


async def override_space_rules(
    uow: BookingUnitOfWork, space_id: uuid.UUID, overrides: dict[str, Any], *, actor: str
) -> tuple[dict[str, Any], BookingRules]:
    """Replaces the space's overrides; an empty dict makes it follow its type again."""
    async with uow:
        space = await existing_space(uow, space_id)
        await uow.spaces.set_overrides(space_id, overrides)
        uow.audit.record(actor, "space.override_rules", space_id, overrides=overrides)
        effective = await uow.spaces.rules_for(space)
        await uow.commit()
    return overrides, effective
