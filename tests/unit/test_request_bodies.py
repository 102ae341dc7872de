"""Every body a service accepts refuses members it does not know, and says so in its OpenAPI
document (`additionalProperties: false`, from shared.http.request_bodies.RequestBody)."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from services.booking import bootstrap as booking
from services.booking.settings import Settings as BookingSettings
from services.notifications import bootstrap as notifications
from services.notifications.settings import Settings as NotificationsSettings
from services.tenancy import bootstrap as tenancy
from services.tenancy.settings import Settings as TenancySettings
from shared.http.request_bodies import OffsetDateTime, RequestBody

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


class Meeting(RequestBody):
    starts_at: OffsetDateTime


@pytest.mark.parametrize("unix_time", [1_700_000_000, "-91534385", 1.5e9])
def test_a_moment_sent_as_a_number_is_refused_not_read_as_unix_time(unix_time):
    with pytest.raises(ValidationError, match="RFC 3339"):
        Meeting.model_validate({"starts_at": unix_time})


def test_a_moment_written_out_with_its_offset_is_accepted():
    meeting = Meeting.model_validate({"starts_at": "2026-12-02T19:00:00+07:00"})
    assert meeting.starts_at.utcoffset() == timedelta(hours=7)
