"""The CloudEvents envelope and Kafka headers of one event type, as JSON Schema.

Mirrors shared/messaging/envelope.py (wrap_event, kafka_headers); the conformance test checks that
real
published records match it, so the two cannot drift apart unnoticed.
"""

from typing import Any

from bitc.event_contract.catalogue import PublicEvent
from shared.messaging.envelope import CONTENT_TYPE

_OPTIONAL_IDS = {
    "correlationid": "Id shared by everything one request caused (extension attribute)",
    "causationid": "Id of the event that caused this one, when there is one (extension)",
}


def cloudevent_schema(event: PublicEvent, data: dict[str, Any]) -> dict[str, Any]:
    model = event.model
    properties: dict[str, Any] = {
        "specversion": {"const": "1.0"},
        "id": {
            "type": "string",
            "format": "uuid",
            "description": "Unique per event; redeliveries repeat it: deduplicate on it.",
        },
        "source": {"const": event.source},
        "type": {"const": model.cloudevent_type()},
        "subject": {"type": "string", "format": "uuid", "description": event.key_description},
        "time": {"type": "string", "format": "date-time", "description": "UTC, RFC 3339"},
        "datacontenttype": {"const": "application/json"},
        "dataschema": {"const": model.dataschema()},
        **{name: {"type": "string", "description": text} for name, text in _OPTIONAL_IDS.items()},
        "data": data,
    }
    if model.superseded_by is not None:
        successor = model.superseded_by.cloudevent_type()
        properties["supersededby"] = {
            "const": successor,
            "description": f"This fact is also published as {successor}; read one of the two.",
        }
    return {
        "type": "object",
        "description": f"CloudEvents 1.0 envelope of {model.cloudevent_type()}",
        "required": [name for name in properties if name not in _OPTIONAL_IDS],
        "properties": properties,
    }


def header_schema(event: PublicEvent) -> dict[str, Any]:
    """Kafka headers copied from the envelope, to filter without parsing the value."""
    return {
        "type": "object",
        "required": ["bitc-event-type", "bitc-event-id", "content-type"],
        "properties": {
            "bitc-event-type": {"const": event.model.cloudevent_type()},
            "bitc-event-id": {"type": "string", "format": "uuid"},
            "content-type": {"const": CONTENT_TYPE},
            **{name: {"type": "string"} for name in _OPTIONAL_IDS},
        },
    }
