"""Real events, through the real pipeline (use case -> outbox -> OutboxRelay -> Kafka), decode
with an independent CloudEvents implementation and match the committed contract: the JSON
Schema of their data, the AsyncAPI envelope, and no personal data in any value.

Tenancy events only: the booking service's use cases are being reworked as this is written.
"""

import json
import uuid

import pytest
import yaml
from cloudevents.core.bindings.kafka import KafkaMessage, from_structured_event
from jsonschema import Draft202012Validator

from bitc.event_contract.catalogue import public_events
from bitc.event_contract.commands import ASYNCAPI_FILE, SCHEMA_DIR
from bitc.event_contract.privacy import personal_data_values
from contracts.tenancy import Language, SuspensionReason, TenantKind
from contracts.topics import TENANCY_EVENTS
from services.tenancy.domain.contact import Contact
from services.tenancy.service_layer import tenant_lifecycle
from services.tenancy.service_layer import tenants as tenant_use_cases
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from tests.kafka_reading import read_until
from tests.outbox_relaying import running_relay, service_engine

pytestmark = pytest.mark.integration

CONTACT = Contact(
    name="Asep", email="asep@example.id", phone="+6281234567890", language=Language.INDONESIAN
)
EXPECTED_TYPES = {
    "id.bitc.tenant.registered.v1",
    "id.bitc.tenant.activated.v1",
    "id.bitc.tenant.suspended.v1",
    "id.bitc.tenant.reinstated.v1",
}


@pytest.fixture
async def tenancy_engine(infra):
    async with service_engine(infra, "tenancy") as engine:
        yield engine


async def a_tenant_lifecycle(engine) -> uuid.UUID:
    tenant = await tenant_use_cases.register_tenant(
        TenancyUnitOfWork(engine),
        kind=TenantKind.COMMUNITY,
        display_name="Komunitas Musik Baros",
        plan_code="community",
        contact=CONTACT,
        actor="staff",
    )
    await tenant_use_cases.activate_tenant(TenancyUnitOfWork(engine), tenant.id)
    await tenant_lifecycle.suspend_tenant(
        TenancyUnitOfWork(engine), tenant.id, reason=SuspensionReason.OTHER, actor="staff"
    )
    await tenant_lifecycle.reinstate_tenant(TenancyUnitOfWork(engine), tenant.id, actor="staff")
    return tenant.id


def _validators() -> dict[str, Draft202012Validator]:
    schemas = [json.loads(path.read_text()) for path in sorted(SCHEMA_DIR.glob("*.json"))]
    checker = Draft202012Validator.FORMAT_CHECKER
    return {s["$id"]: Draft202012Validator(s, format_checker=checker) for s in schemas}


def _envelope_validator(type_: str) -> Draft202012Validator:
    document = yaml.safe_load(ASYNCAPI_FILE.read_text(encoding="utf-8"))
    message = next(m for m in document["components"]["messages"].values() if m["name"] == type_)
    root = {"$ref": message["payload"]["$ref"], "components": document["components"]}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


async def test_published_events_are_cloudevents_matching_the_committed_contract(
    infra, tenancy_engine
):
    async with running_relay(infra):
        tenant_id = await a_tenant_lifecycle(tenancy_engine)
        key = str(tenant_id).encode()
        records = await read_until(
            infra.kafka_bootstrap,
            TENANCY_EVENTS,
            done=lambda rs: (
                {json.loads(r.value)["type"] for r in rs if r.key == key} >= EXPECTED_TYPES
            ),
        )
    mine = [r for r in records if r.key == key]
    documented = {event.model.cloudevent_type() for event in public_events()}
    validators = _validators()
    for record in mine:
        headers = {name: value for name, value in record.headers}
        assert headers["content-type"].decode().startswith("application/cloudevents+json")
        # Structured mode, as the content-type says; no ce_* header may suggest binary mode.
        assert not any(name.startswith("ce_") for name in headers)
        message = KafkaMessage(headers=headers, key=record.key, value=record.value)
        event = from_structured_event(message)
        assert event.get_specversion() == "1.0"
        assert uuid.UUID(event.get_id())
        assert event.get_source() == "/bitc/tenancy"
        assert event.get_type() in documented, f"{event.get_type()} is not in the contract"
        assert event.get_subject() == str(tenant_id) == record.key.decode()
        assert event.get_time() is not None
        assert event.get_time().utcoffset().total_seconds() == 0
        assert event.get_datacontenttype() == "application/json"
        assert headers["bitc-event-id"].decode() == event.get_id()
        assert headers["bitc-event-type"].decode() == event.get_type()
        errors = list(validators[event.get_dataschema()].iter_errors(event.get_data()))
        assert not errors, f"{event.get_type()}: {[e.message for e in errors]}"
        envelope = json.loads(record.value)
        envelope_errors = list(_envelope_validator(event.get_type()).iter_errors(envelope))
        assert not envelope_errors, [e.message for e in envelope_errors]
        assert personal_data_values(envelope) == [], "personal data on a public topic"
    assert {json.loads(r.value)["type"] for r in mine} >= EXPECTED_TYPES
