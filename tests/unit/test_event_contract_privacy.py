"""No public event type can carry personal data: every property name, at every depth, of every
public schema is checked; the detector is shown to catch the private contact event's fields."""

import pytest

from bitc.event_contract.catalogue import PublicEvent, public_events
from bitc.event_contract.examples import example_cloudevent
from bitc.event_contract.json_schemas import data_schema
from bitc.event_contract.privacy import personal_data_fields, personal_data_values
from contracts.tenancy import TenantContactChanged


@pytest.mark.parametrize("event", public_events(), ids=lambda e: e.file_stem)
def test_public_event_schema_has_no_personal_data_field(event: PublicEvent) -> None:
    assert personal_data_fields(data_schema(event)) == []
    assert personal_data_values(example_cloudevent(event)) == []


def test_the_detector_finds_the_private_contact_fields() -> None:
    fields = personal_data_fields(TenantContactChanged.model_json_schema())
    assert fields == [".contact_name", ".display_name", ".email", ".phone"]


def test_nested_and_camel_case_names_are_found_and_space_titles_are_not() -> None:
    schema = {
        "properties": {
            "title": {"type": "string"},
            "site": {"type": "string"},
            "owner": {"$ref": "#/$defs/Owner"},
        },
        "$defs": {"Owner": {"properties": {"mobileNumber": {}, "nik": {}, "plan_code": {}}}},
    }
    assert personal_data_fields(schema) == ["#Owner.mobileNumber", "#Owner.nik", ".owner"]


def test_values_that_look_like_email_or_phone_are_found_ids_and_times_are_not() -> None:
    event = {
        "id": "6c835a7a-43d7-515a-afdb-c9fefdba98bf",
        "time": "2026-12-01T12:00:00Z",
        "data": {"code": "BITC-MUSIC-2", "notes": ["ring 0812-3456-7890", "asep@example.id"]},
    }
    assert personal_data_values(event) == [".data.notes[1]: e-mail-like 'asep@example.id'"]
    assert personal_data_values({"phone": "+62 812 3456 7890"}) == [
        ".phone: phone-like '+62 812 3456 7890'"
    ]
