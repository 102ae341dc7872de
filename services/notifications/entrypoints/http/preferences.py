"""A tenant contact's preferences: channels per category, opt-outs and quiet hours."""

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from services.notifications.entrypoints.http.preference_schemas import PreferencesBody
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.auth.access import ANY_ROLE, TENANT_USERS, Principal, Role, allow, ensure_visible
from shared.runtime.process import unit_of_work

router = APIRouter(prefix="/preferences", tags=["preferences"])
UoW = Annotated[NotificationsUnitOfWork, Depends(unit_of_work)]
Reader = Annotated[Principal, Depends(allow(*ANY_ROLE))]
Editor = Annotated[Principal, Depends(allow(Role.manager, *TENANT_USERS))]


@router.get("/{tenant_id}", summary="The tenant's preferences (defaults when never set)")
async def get_preferences(uow: UoW, caller: Reader, tenant_id: uuid.UUID) -> PreferencesBody:
    ensure_visible(caller, tenant_id, "tenant")
    async with uow:
        return PreferencesBody.of(await uow.preferences.get(tenant_id))


@router.put("/{tenant_id}", summary="Replace the tenant's preferences")
async def put_preferences(
    uow: UoW, caller: Editor, tenant_id: uuid.UUID, body: PreferencesBody
) -> PreferencesBody:
    ensure_visible(caller, tenant_id, "tenant")
    prefs = body.preferences(tenant_id)
    async with uow:
        await uow.preferences.put(prefs, datetime.now(UTC))
        await uow.commit()
    return PreferencesBody.of(prefs)


@router.delete("/{tenant_id}", status_code=204, summary="Back to the defaults")
async def reset_preferences(uow: UoW, caller: Editor, tenant_id: uuid.UUID) -> Response:
    ensure_visible(caller, tenant_id, "tenant")
    async with uow:
        await uow.preferences.reset(tenant_id)
        await uow.commit()
    return Response(status_code=204)
