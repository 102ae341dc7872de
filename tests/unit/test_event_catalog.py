"""The catalogue a consumer uses to turn a CloudEvents type into the event model it reads."""

import pytest

from contracts.booking import BookingConfirmed
from contracts.tenancy import TenantActivated, TenantContactChanged, TenantRegistered
from shared.events import EventCatalog, UnknownEventVersion


@pytest.fixture
def catalog():
    return EventCatalog(TenantRegistered, TenantActivated)


@pytest.mark.parametrize("event_class", [TenantRegistered, TenantActivated])
def test_a_known_type_resolves_to_its_model(catalog, event_class):
    assert catalog.resolve(event_class.cloudevent_type()) is event_class


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
def test_a_type_the_consumer_does_not_read_resolves_to_none(catalog, cloudevent_type):
    assert catalog.resolve(cloudevent_type) is None


@pytest.mark.parametrize("version", ["v2", "v10", "v0"])
def test_a_known_event_at_another_version_raises_unknown_event_version(catalog, version):
    with pytest.raises(UnknownEventVersion, match=f"tenant.registered.*{version}"):
        catalog.resolve(f"id.bitc.tenant.registered.{version}")


def test_unknown_version_is_a_lookup_error_not_a_value_error():
    # The consumer dead-letters ValueErrors as invalid events; an unknown version has its own
    # reason.
    assert issubclass(UnknownEventVersion, LookupError)
    assert not issubclass(UnknownEventVersion, ValueError)


def test_another_version_of_an_event_this_consumer_does_not_read_is_simply_ignored(catalog):
    assert catalog.resolve("id.bitc.booking.confirmed.v2") is None


def test_a_catalogue_holding_two_versions_resolves_each_to_its_own_model():
    class TenantRegisteredV2(TenantRegistered):
        version = 2

    catalog = EventCatalog(TenantRegistered, TenantRegisteredV2)
    assert catalog.resolve("id.bitc.tenant.registered.v1") is TenantRegistered
    assert catalog.resolve("id.bitc.tenant.registered.v2") is TenantRegisteredV2
    with pytest.raises(UnknownEventVersion):
        catalog.resolve("id.bitc.tenant.registered.v3")
