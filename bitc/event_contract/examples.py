"""A deterministic example CloudEvent for every public event, built from its schema.

The example goes through the real model and the real envelope code (``wrap_event``), so it is
exactly what a subscriber receives, and regenerating the docs can never leave it behind.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from bitc.event_contract.catalogue import PublicEvent
from bitc.event_contract.json_schemas import data_schema
from shared.messaging.envelope import wrap_event

_NAMESPACE = uuid.UUID("6f1d2c3e-0000-4000-8000-00000000b17c")
_MOMENT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
# Plausible values by field name, where the schema alone would give a dull or odd one and has no
# `examples` of its own (no personal data, of course): a booking that ends after it starts, a
# music room code for a music room.
_BY_NAME = {
    "code": "BITC-MUSIC-2",
    "space_code": "BITC-MUSIC-2",
    "plan_code": "community",
    "plan_title": "Community (sponsored)",
    "title": "Ruang Musik 2",
    "reason": "over-quota",
    "month": "2026-12",
    "skipped_because": "space-closed",
    "space_type": "music_room",
    "starts_at": "2026-12-08T12:00:00Z",
    "ends_at": "2026-12-08T14:00:00Z",
    "starts_on": "2026-12-01",
    "ends_on": "2027-11-30",
    "previous_ends_on": "2026-11-30",
    "notice_given_on": "2026-12-01",
}
_FORMATS = {
    "date-time": "2026-12-01T12:00:00Z",
    "date": "2026-12-01",
}


def example_cloudevent(event: PublicEvent) -> dict[str, Any]:
    schema = data_schema(event)
    data = _value(schema, schema, event.model.name)
    instance = event.model.model_validate(data)
    return wrap_event(
        instance,
        source=event.source,
        correlation_id=str(uuid.uuid5(_NAMESPACE, f"{event.file_stem}/correlation")),
        causation_id=None,
        event_id=uuid.uuid5(_NAMESPACE, event.file_stem),
        time=_MOMENT,
    )


def _value(node: dict[str, Any], root: dict[str, Any], name: str) -> Any:
    if "examples" in node:
        # The contract's own example: a real value, where a guess by name may not be one.
        return node["examples"][0]
    if "$ref" in node:
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _value(target, root, name)
    if "anyOf" in node:
        # The first non-null option: an example shows the field filled in.
        options = [option for option in node["anyOf"] if option.get("type") != "null"]
        return _value(options[0], root, name)
    if "enum" in node:
        return _BY_NAME[name] if _BY_NAME.get(name) in node["enum"] else node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        properties = node.get("properties", {})
        return {key: _value(value, root, key) for key, value in properties.items()}
    if kind == "array":
        return [_value(node.get("items", {}), root, name)]
    if kind == "integer":
        return max(node.get("minimum", 1), node.get("exclusiveMinimum", 0) + 1, 1)
    if kind == "boolean":
        return True
    if node.get("format") == "uuid":
        return str(uuid.uuid5(_NAMESPACE, name))
    return _BY_NAME.get(name) or _FORMATS.get(node.get("format", ""), name)
