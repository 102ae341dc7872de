"""Every body a service accepts refuses members it does not know, and says so in its OpenAPI
document (`additionalProperties: false`, from shared.request_bodies.RequestBody)."""

from collections.abc import Iterator
from typing import Any

import pytest

from services.booking import bootstrap as booking
from services.booking.settings import Settings as BookingSettings
from services.notifications import bootstrap as notifications
from services.notifications.settings import Settings as NotificationsSettings
from services.tenancy import bootstrap as tenancy
from services.tenancy.settings import Settings as TenancySettings

URL = "postgresql+asyncpg://nobody@127.0.0.1:1/none"  # never connected: the apps aren't started
APPS = {
    "tenancy": lambda: tenancy.create_app(TenancySettings(database_url=URL)),
    "booking": lambda: booking.create_app(BookingSettings(database_url=URL)),
    "notifications": lambda: notifications.create_app(NotificationsSettings(database_url=URL)),
}


def object_schemas(node: Any, components: dict[str, Any], seen: set[str]) -> Iterator[dict]:
    """Every object schema reachable from ``node``, following $refs once each."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                yield from object_schemas(components[name], components, seen)
            return
        if node.get("type") == "object" and "properties" in node:
            yield node
        for value in node.values():
            yield from object_schemas(value, components, seen)
    elif isinstance(node, list):
        for value in node:
            yield from object_schemas(value, components, seen)


@pytest.mark.parametrize("service", APPS)
def test_every_request_body_refuses_unknown_members(service):
    document = APPS[service]().openapi()
    components = document["components"]["schemas"]
    bodies = [
        operation["requestBody"]
        for path in document["paths"].values()
        for operation in path.values()
        if "requestBody" in operation
    ]
    assert bodies, "each service accepts some body"
    lenient = [
        schema.get("title")
        for schema in object_schemas(bodies, components, set())
        if schema.get("additionalProperties") is not False
    ]
    assert not lenient, f"{service} bodies that would silently drop unknown members: {lenient}"
