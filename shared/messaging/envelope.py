"""CloudEvents 1.0 structured-mode JSON: the one envelope every event travels in.

Correlation and causation ids are CloudEvents extension attributes (lower-case alphanumeric names,
as the spec requires) and are also copied into Kafka headers so tools can route without parsing.
"""

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.messaging.events import DomainEvent

CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8"


class Envelope(BaseModel):
    """A received CloudEvent; ``data`` stays a plain dict until a catalogue gives it a model."""

    model_config = ConfigDict(extra="allow", frozen=True)

    specversion: str = Field(pattern=r"^1\.0$")
    id: str = Field(min_length=1)
    source: str = Field(min_length=1)
    type: str = Field(min_length=1)
    subject: str | None = None
    time: datetime | None = None
    datacontenttype: str | None = None
    dataschema: str | None = None
    correlationid: str | None = None
    causationid: str | None = None
    supersededby: str | None = None
    data: dict[str, Any]


def wrap_event(
    event: DomainEvent,
    *,
    source: str,
    correlation_id: str | None,
    causation_id: str | None,
    event_id: uuid.UUID | None = None,
    time: datetime | None = None,
) -> dict[str, Any]:
    """The CloudEvent for a domain event, as a JSON-ready dict."""
    envelope: dict[str, Any] = {
        "specversion": "1.0",
        "id": str(event_id or uuid.uuid4()),
        "source": source,
        "type": event.cloudevent_type(),
        "subject": event.aggregate_id,
        "time": _utc_timestamp(time or datetime.now(UTC)),
        "datacontenttype": "application/json",
        "dataschema": event.dataschema(),
        "data": event.model_dump(mode="json"),
    }
    if correlation_id:
        envelope["correlationid"] = correlation_id
    if causation_id:
        envelope["causationid"] = causation_id
    if event.superseded_by is not None:
        envelope["supersededby"] = event.superseded_by.cloudevent_type()
    return envelope


def _utc_timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("an event time must carry its offset; naive datetimes are ambiguous")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def kafka_headers(envelope: dict[str, Any]) -> dict[str, str]:
    """Headers copied from the envelope so consumers and tools can filter without decoding."""
    # Not ce_* names: the CloudEvents Kafka binding reserves those for binary mode, and SDKs
    # that guess the mode from them would misread our structured records.
    headers = {
        "content-type": CONTENT_TYPE,
        "bitc-event-type": envelope["type"],
        "bitc-event-id": envelope["id"],
    }
    for attribute in ("correlationid", "causationid"):
        if envelope.get(attribute):
            headers[attribute] = envelope[attribute]
    return headers


def encode(envelope: dict[str, Any]) -> bytes:
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()


def decode(body: bytes) -> Envelope:
    """Parses a structured CloudEvent; raises ValueError (incl. pydantic's) on anything else."""
    return Envelope.model_validate_json(body)
