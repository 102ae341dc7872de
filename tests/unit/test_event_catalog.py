"""The catalogue a consumer uses to turn a received CloudEvent into the event model it reads,
upcasting older versions to that model."""

import pytest
from pydantic import ValidationError

from contracts.booking import BookingConfirmed
from contracts.tenancy import TenantActivated, TenantContactChanged, TenantRegistered
from shared.messaging.envelope import decode, encode, wrap_event
from shared.messaging.events import DomainEvent, EventCatalog, UnknownEventVersion, Upcasters

TENANT = "6f1c3c1e-6a43-4a8e-8f59-2d1c2a7c0b11"
REGISTERED = {
    "tenant_id": TENANT,
    "occurred_at": "2026-03-02T01:00:00Z",
    "kind": "community",
    "plan_code": "community",
}


@pytest.fixture
def catalog():
    return EventCatalog(TenantRegistered, TenantActivated)


@pytest.mark.parametrize("event_class", [TenantRegistered, TenantActivated])
def test_a_known_type_is_read_as_its_model(catalog, event_class):
    event = catalog.read(event_class.cloudevent_type(), REGISTERED)
    assert type(event) is event_class
    assert str(event.tenant_id) == TENANT


def test_the_cloudevents_type_spells_namespace_name_and_version():
    assert TenantRegistered.cloudevent_type() == "id.bitc.tenant.registered.v1"
    assert TenantContactChanged.cloudevent_type() == "id.bitc.tenant.contact_changed.v1"
    assert BookingConfirmed.cloudevent_type() == "id.bitc.booking.confirmed.v1"


@pytest.mark.parametrize(
    "cloudevent_type",
    [
        BookingConfirmed.cloudevent_type(),
        "id.bitc.tenant.suspended.v1",
        "org.example.invoice.paid.v1",
        "something-else-entirely",
        "",
    ],
)
def test_a_type_the_consumer_does_not_read_is_none(catalog, cloudevent_type):
    assert catalog.read(cloudevent_type, REGISTERED) is None


@pytest.mark.parametrize("version", ["v2", "v10", "v0", "vX"])
def test_a_known_event_at_a_version_it_cannot_read_raises_unknown_event_version(catalog, version):
    with pytest.raises(UnknownEventVersion, match=f"tenant.registered.*{version}"):
        catalog.read(f"id.bitc.tenant.registered.{version}", REGISTERED)


def test_unknown_version_is_a_lookup_error_not_a_value_error():
    # The consumer dead-letters ValueErrors as invalid events; an unknown version has its own
    # reason.
    assert issubclass(UnknownEventVersion, LookupError)
    assert not issubclass(UnknownEventVersion, ValueError)


def test_another_version_of_an_event_this_consumer_does_not_read_is_simply_ignored(catalog):
    assert catalog.read("id.bitc.booking.confirmed.v2", {}) is None


def test_a_catalogue_holding_two_versions_reads_each_as_its_own_model():
    class TenantRegisteredV2(TenantRegistered):
        version = 2

    catalog = EventCatalog(TenantRegistered, TenantRegisteredV2)
    assert type(catalog.read("id.bitc.tenant.registered.v1", REGISTERED)) is TenantRegistered
    assert type(catalog.read("id.bitc.tenant.registered.v2", REGISTERED)) is TenantRegisteredV2
    with pytest.raises(UnknownEventVersion):
        catalog.read("id.bitc.tenant.registered.v3", REGISTERED)


# A test-only event in three versions: v2 renamed ``room`` to ``space``, v3 split ``hours``
# into minutes. No production event has a second version yet.
class ProbeV3(DomainEvent):
    name = "test.probe"
    version = 3
    aggregate_type = "probe"
    topic = "test.probes"
    key_field = "space"

    space: str
    minutes: int


def probe_upcasters() -> Upcasters:
    upcasters = Upcasters()

    @upcasters.register("test.probe", from_version=1)
    def room_is_now_space(data: dict) -> dict:
        return {"space": data["room"], "hours": data["hours"]}

    @upcasters.register("test.probe", from_version=2)
    def hours_are_now_minutes(data: dict) -> dict:
        return {"space": data["space"], "minutes": data["hours"] * 60}

    return upcasters


@pytest.fixture
def probes() -> EventCatalog:
    return EventCatalog(ProbeV3, upcasters=probe_upcasters())


def test_the_current_version_is_read_as_it_is(probes):
    assert probes.read("id.bitc.test.probe.v3", {"space": "S1", "minutes": 5}) == ProbeV3(
        space="S1", minutes=5
    )


def test_the_previous_version_is_upcast_to_the_current_model(probes):
    event = probes.read("id.bitc.test.probe.v2", {"space": "S1", "hours": 2})
    assert event == ProbeV3(space="S1", minutes=120)


def test_upcasters_chain_from_any_older_version(probes):
    event = probes.read("id.bitc.test.probe.v1", {"room": "S1", "hours": 1})
    assert event == ProbeV3(space="S1", minutes=60)


def test_a_newer_version_is_unknown_not_upcast(probes):
    with pytest.raises(UnknownEventVersion, match="v4"):
        probes.read("id.bitc.test.probe.v4", {"space": "S1", "minutes": 5})


def test_an_older_version_without_an_upcaster_is_unknown():
    catalog = EventCatalog(ProbeV3, upcasters=Upcasters())
    with pytest.raises(UnknownEventVersion, match="v2 has no upcaster"):
        catalog.read("id.bitc.test.probe.v2", {"space": "S1", "hours": 2})


def test_old_data_that_does_not_fit_even_once_upcast_is_invalid(probes):
    with pytest.raises(ValidationError):
        probes.read("id.bitc.test.probe.v2", {"space": "S1", "hours": "many"})


def test_a_step_is_registered_once():
    upcasters = probe_upcasters()
    with pytest.raises(ValueError, match="already"):
        upcasters.register("test.probe", from_version=1)(lambda data: data)


def test_an_old_copy_published_beside_a_version_the_consumer_reads_is_skipped(probes):
    copy = probes.read(
        "id.bitc.test.probe.v2", {"space": "S1", "hours": 2}, superseded_by="id.bitc.test.probe.v3"
    )
    assert copy is None


def test_an_old_copy_beside_a_version_the_consumer_does_not_read_is_upcast(probes):
    event = probes.read(
        "id.bitc.test.probe.v1", {"room": "S1", "hours": 1}, superseded_by="id.bitc.test.probe.v2"
    )
    assert event == ProbeV3(space="S1", minutes=60)


def test_the_old_copy_published_beside_its_successor_names_it_in_the_envelope():
    class ProbeV2(DomainEvent):
        name = "test.probe"
        version = 2
        aggregate_type = "probe"
        topic = "test.probes"
        key_field = "space"
        superseded_by = ProbeV3

        space: str
        hours: int

    copy = wrap_event(
        ProbeV2(space="S1", hours=2), source="/t", correlation_id=None, causation_id=None
    )
    current = wrap_event(
        ProbeV3(space="S1", minutes=120), source="/t", correlation_id=None, causation_id=None
    )
    assert copy["supersededby"] == "id.bitc.test.probe.v3"
    assert "supersededby" not in current
    received = decode(encode(copy))
    assert EventCatalog(ProbeV3).read(received.type, received.data, received.supersededby) is None
