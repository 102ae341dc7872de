"""Every HTTP route of the notifications service, in the order the OpenAPI document shows them."""

from fastapi import APIRouter

from services.notifications.entrypoints.http import (
    exports,
    notifications,
    preferences,
    webhook_subscriptions,
)
from shared.audit.api import audit_router

ROUTERS: tuple[APIRouter, ...] = (
    notifications.router,
    preferences.router,
    webhook_subscriptions.router,
    exports.router,
    audit_router(),
)
