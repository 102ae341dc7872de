"""The CloudEvents 1.0 structured envelope every event travels in (docs/events.md)."""

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from contracts.booking import BookingConfirmed, Site, SpaceType
from contracts.tenancy import TenantKind, TenantRegistered
from shared.messaging.envelope import (
    CONTENT_TYPE,
    Envelope,
    decode,
    encode,
    kafka_headers,
    wrap_event,
)

SOURCE = "/bitc/tenancy"
EVENT_ID = uuid.UUID("6f1c1f52-5c39-4d8e-8d55-2b9a1b0f3a10")
TENANT_ID = uuid.UUID("0b6f4c1e-3f53-4c49-9a43-5bfb4b7b0c11")
AT = datetime(2026, 12, 2, 3, 4, 5, 678000, tzinfo=UTC)


@pytest.fixture
def event():
    return TenantRegistered(
        tenant_id=TENANT_ID, occurred_at=AT, kind=TenantKind.STARTUP, plan_code="community"
    )


def wrap(event, **overrides):
    arguments = {
        "source": SOURCE,
        "correlation_id": None,
        "causation_id": None,
        "event_id": EVENT_ID,
        "time": AT,
    }
    return wrap_event(event, **(arguments | overrides))


def test_wrapping_produces_the_cloudevents_required_attributes(event):
    envelope = wrap(event)
    assert envelope["specversion"] == "1.0"
    assert envelope["id"] == str(EVENT_ID)
    assert envelope["source"] == SOURCE
    assert envelope["type"] == "id.bitc.tenant.registered.v1"


def test_the_subject_is_the_aggregate_id_and_the_data_is_the_event(event):
    envelope = wrap(event)
    assert envelope["subject"] == str(TENANT_ID)
    assert envelope["datacontenttype"] == "application/json"
    assert envelope["data"] == {
        "tenant_id": str(TENANT_ID),
        "occurred_at": "2026-12-02T03:04:05.678000Z",
        "kind": "startup",
        "plan_code": "community",
        "sponsor_agency": None,
    }


def test_the_subject_follows_the_events_key_field_not_just_tenant_id():
    booking_id = uuid.uuid4()
    confirmed = BookingConfirmed(
        booking_id=booking_id,
        tenant_id=TENANT_ID,
        space_id=uuid.uuid4(),
        space_code="TP-MEET-2",
        space_type=SpaceType.MEETING_ROOM,
        site=Site.TECHNO_PARK,
        starts_at=AT,
        ends_at=AT + timedelta(hours=1),
        occurred_at=AT,
    )
    envelope = wrap(confirmed)
    assert envelope["subject"] == str(booking_id)
    assert envelope["type"] == "id.bitc.booking.confirmed.v1"


def test_the_version_is_explicit_in_the_type_and_the_dataschema(event):
    envelope = wrap(event)
    assert envelope["type"].endswith(".v1")
    assert envelope["dataschema"] == "urn:bitc:schema:tenant.registered:v1"


def test_the_time_given_in_utc_is_written_as_rfc3339_with_z(event):
    assert wrap(event)["time"] == "2026-12-02T03:04:05.678000Z"


def test_without_a_time_the_envelope_is_stamped_now_in_utc(event):
    before = datetime.now(UTC)
    stamped = wrap_event(event, source=SOURCE, correlation_id=None, causation_id=None)["time"]
    after = datetime.now(UTC)
    assert stamped.endswith("Z")
    assert before <= datetime.fromisoformat(stamped) <= after


def test_without_an_event_id_each_envelope_gets_a_fresh_uuid(event):
    first, second = (
        wrap_event(event, source=SOURCE, correlation_id=None, causation_id=None)["id"]
        for _ in range(2)
    )
    assert first != second
    assert uuid.UUID(first).version == 4


def test_a_time_given_in_wib_is_written_in_utc_with_z(event):
    wib = timezone(timedelta(hours=7))
    envelope = wrap(event, time=datetime(2026, 12, 2, 10, 4, 5, tzinfo=wib))
    assert envelope["time"] == "2026-12-02T03:04:05Z"


def test_correlation_and_causation_are_extension_attributes_when_given(event):
    envelope = wrap(event, correlation_id="corr-1", causation_id="cause-1")
    assert envelope["correlationid"] == "corr-1"
    assert envelope["causationid"] == "cause-1"


def test_correlation_and_causation_are_absent_when_not_given(event):
    envelope = wrap(event)
    assert "correlationid" not in envelope
    assert "causationid" not in envelope


def test_only_the_correlation_is_present_when_there_is_no_causation(event):
    envelope = wrap(event, correlation_id="corr-1")
    assert envelope["correlationid"] == "corr-1"
    assert "causationid" not in envelope


def test_extension_attribute_names_are_valid_cloudevents_names(event):
    envelope = wrap(event, correlation_id="corr-1", causation_id="cause-1")
    for attribute in envelope:
        assert attribute.isalnum(), attribute
        assert attribute.islower(), attribute


def test_kafka_headers_carry_type_id_content_type_and_the_correlation_ids(event):
    headers = kafka_headers(wrap(event, correlation_id="corr-1", causation_id="cause-1"))
    assert headers == {
        "content-type": CONTENT_TYPE,
        "bitc-event-type": "id.bitc.tenant.registered.v1",
        "bitc-event-id": str(EVENT_ID),
        "correlationid": "corr-1",
        "causationid": "cause-1",
    }


def test_kafka_headers_leave_out_correlation_ids_the_envelope_does_not_have(event):
    headers = kafka_headers(wrap(event))
    assert "correlationid" not in headers
    assert "causationid" not in headers
    assert all(isinstance(value, str) for value in headers.values())


def test_encode_then_decode_gives_back_the_same_envelope(event):
    envelope = wrap(event, correlation_id="corr-1", causation_id="cause-1")

    received = decode(encode(envelope))

    assert isinstance(received, Envelope)
    assert received.specversion == "1.0"
    assert received.id == str(EVENT_ID)
    assert received.source == SOURCE
    assert received.type == envelope["type"]
    assert received.subject == str(TENANT_ID)
    assert received.time == AT
    assert received.dataschema == envelope["dataschema"]
    assert received.correlationid == "corr-1"
    assert received.causationid == "cause-1"
    assert TenantRegistered.model_validate(received.data) == event


def test_encoding_is_compact_utf8_json_keeping_non_ascii_text_readable():
    envelope = {"specversion": "1.0", "data": {"space_code": "Ruang Rapat Cimahi · Lantai Dua"}}
    body = encode(envelope)
    assert isinstance(body, bytes)
    assert "·".encode() in body
    assert b", " not in body
    assert b": " not in body
    assert json.loads(body) == envelope


def test_decoding_keeps_unknown_extension_attributes():
    body = json.dumps(
        {
            "specversion": "1.0",
            "id": "1",
            "source": "/other",
            "type": "org.example.thing.v1",
            "traceparent": "00-abc-def-01",
            "data": {},
        }
    ).encode()
    assert decode(body).model_extra == {"traceparent": "00-abc-def-01"}


@pytest.mark.parametrize("body", [b"", b"not json", b"\xff\xfe\x00", b"{", b"[]", b"null"])
def test_decoding_rejects_bodies_that_are_not_a_json_object(body):
    with pytest.raises(ValueError):  # noqa: PT011 - the contract is "a ValueError", nothing finer
        decode(body)


@pytest.mark.parametrize("missing", ["specversion", "id", "source", "type", "data"])
def test_decoding_rejects_an_event_missing_a_required_attribute(event, missing):
    envelope = wrap(event)
    del envelope[missing]
    with pytest.raises(ValueError, match=missing):
        decode(encode(envelope))


@pytest.mark.parametrize("attribute", ["id", "source", "type"])
def test_decoding_rejects_an_empty_required_attribute(event, attribute):
    with pytest.raises(ValueError, match=attribute):
        decode(encode(wrap(event) | {attribute: ""}))


@pytest.mark.parametrize("version", ["0.3", "1.1", "2.0", "1.0 "])
def test_decoding_rejects_any_specversion_but_1_0(event, version):
    with pytest.raises(ValueError, match="specversion"):
        decode(encode(wrap(event) | {"specversion": version}))


@pytest.mark.parametrize("data", [[1, 2], "text", 42, None])
def test_decoding_rejects_data_that_is_not_an_object(event, data):
    with pytest.raises(ValueError, match="data"):
        decode(encode(wrap(event) | {"data": data}))
