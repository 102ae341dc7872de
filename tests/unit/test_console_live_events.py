"""Who hears of which event on the console's live pages, and what they hear (GET /live)."""

import uuid

from prometheus_client import CollectorRegistry

from contracts.booking import BookingConfirmed, SpaceUpdated
from contracts.tenancy import UnitStatusChanged
from services.console.adapters.live_metrics import LiveMetrics
from services.console.bootstrap import blueprint
from services.console.domain.live_events import LiveEvent
from services.console.service_layer.live_hub import STREAM_BUFFER, LiveHub
from services.console.settings import Settings
from shared.auth.principal import Principal, Role

OURS, THEIRS = uuid.uuid4(), uuid.uuid4()
MEMBER = Principal("member", frozenset({Role.tenant_member}), OURS)
LEAD = Principal("lead", frozenset({Role.community_lead}), OURS)
MANAGER = Principal("manager", frozenset({Role.manager}))


def booking_of(tenant: uuid.UUID) -> LiveEvent:
    return LiveEvent("booking.confirmed", str(uuid.uuid4()), tenant)


def test_a_tenants_user_hears_of_its_own_tenants_events_only() -> None:
    assert booking_of(OURS).visible_to(MEMBER)
    assert booking_of(OURS).visible_to(LEAD)
    assert not booking_of(THEIRS).visible_to(MEMBER)


def test_staff_hear_of_every_tenants_events_and_of_units() -> None:
    unit = LiveEvent("unit.status_changed", str(uuid.uuid4()), None)
    assert booking_of(THEIRS).visible_to(MANAGER)
    assert unit.visible_to(MANAGER)
    assert not unit.visible_to(MEMBER)


def test_everyone_signed_in_hears_of_changes_to_the_public_catalogue() -> None:
    space = LiveEvent("space.updated", str(uuid.uuid4()), None)
    assert space.visible_to(MEMBER)


def test_the_message_carries_the_type_and_ids_and_nothing_of_the_event_else() -> None:
    booking_id, space_id = uuid.uuid4(), uuid.uuid4()
    event = BookingConfirmed.model_construct(
        booking_id=booking_id, tenant_id=OURS, space_id=space_id, booked_by="Asep"
    )

    message = LiveEvent.of(event).message()

    assert message == {
        "type": "booking.confirmed",
        "aggregate_id": str(booking_id),
        "tenant_id": str(OURS),
    }


def test_an_event_without_a_tenant_says_so() -> None:
    event = UnitStatusChanged.model_construct(unit_id=uuid.uuid4())
    space = SpaceUpdated.model_construct(space_id=uuid.uuid4())

    assert LiveEvent.of(event).tenant_id is None
    assert LiveEvent.of(space).message()["tenant_id"] is None


async def test_the_hub_passes_an_event_only_to_the_streams_that_may_hear_of_it() -> None:
    metrics = LiveMetrics(CollectorRegistry())
    hub = LiveHub(metrics)
    async with hub.stream_for(MEMBER) as member, hub.stream_for(MANAGER) as manager:
        assert metrics.registry.get_sample_value("console_live_streams") == 2
        hub.publish(booking_of(THEIRS))
        hub.publish(ours := booking_of(OURS))

        assert await member.next() == ours
        assert (await manager.next()).tenant_id == THEIRS
        assert await manager.next() == ours
    assert metrics.registry.get_sample_value("console_live_streams") == 0


async def test_a_stream_that_falls_behind_keeps_the_newest_events() -> None:
    hub = LiveHub(LiveMetrics(CollectorRegistry()))
    async with hub.stream_for(MANAGER) as stream:
        events = [booking_of(OURS) for _ in range(STREAM_BUFFER + 5)]
        for event in events:
            hub.publish(event)

        assert await stream.next() == events[5]


def test_the_console_reads_the_public_topics_each_process_with_groups_of_its_own() -> None:
    settings = Settings.model_construct()
    first, second = blueprint(settings), blueprint(settings)

    topics = {s.topic for s in first.subscriptions}
    assert topics == {
        "bitc.booking.events.v1",
        "bitc.tenancy.events.v1",
        "bitc.notifications.events.v1",
    }
    assert all(s.live and s.consumer.startswith("console.live.") for s in first.subscriptions)
    assert not {s.consumer for s in first.subscriptions} & {
        s.consumer for s in second.subscriptions
    }
