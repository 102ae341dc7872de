"""One JSON Schema per public event type and version, for the CloudEvent's ``data``.

Data-only on purpose: its ``$id`` is the event's ``dataschema`` URN, and CloudEvents defines
``dataschema`` as the schema *data* adheres to. The envelope around it is the same for every
event and is described once, in the AsyncAPI document and docs/events.md.
"""

import json
from pathlib import Path
from typing import Any

from bitc.event_contract.catalogue import PublicEvent, public_events

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def data_schema(event: PublicEvent) -> dict[str, Any]:
    # Serialization mode: the schema of what the relay publishes (model_dump(mode="json")).
    generated = event.model.model_json_schema(mode="serialization")
    generated.pop("title", None)
    header = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": event.model.dataschema(),
        "title": event.model.cloudevent_type(),
    }
    return header | generated


def generated_schemas() -> dict[str, dict[str, Any]]:
    """File name (``booking.confirmed.v1.json``) -> schema, for every public event."""
    return {f"{event.file_stem}.json": data_schema(event) for event in public_events()}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def committed_schemas(directory: Path) -> dict[str, dict[str, Any]]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
    }
