"""Issue #6: under a steady load of bookings over HTTP, with Kafka, PostgreSQL or a service
killed or frozen at the worst moment, every committed booking ends with exactly one
notification, no notification lacks its booking, and no outbox keeps a row back.

The scenarios live in bitc.fault_drill, which `python -m tools.fault_drill` runs as well; each
returns the account of its run, and these tests hold it to the guarantees.
"""

import os

import pytest

from bitc.fault_drill import Drill, ScenarioReport
from bitc.fault_drill.broker_faults import (
    consumer_killed_before_offset_commit,
    kafka_frozen,
    kafka_killed,
)
from bitc.fault_drill.kafka_outage import kafka_outage
from bitc.fault_drill.message_faults import (
    COPIES,
    CROWD,
    contended_slot,
    duplicated_and_reordered,
    poison_in_partition,
)
from bitc.fault_drill.process_faults import postgres_restarted, relay_killed_before_marking

pytestmark = pytest.mark.faults


def assert_nothing_lost(report: ScenarioReport) -> None:
    assert report.violations == []
    assert report.lost == 0
    assert report.acknowledged > 0
    assert report.handled == report.committed >= report.acknowledged


async def test_kafka_killed_under_load_loses_nothing(drill: Drill) -> None:
    assert_nothing_lost(await kafka_killed(drill))


async def test_relay_killed_between_send_and_mark_publishes_again_and_inbox_drops_copies(
    drill: Drill,
) -> None:
    report = await relay_killed_before_marking(drill)

    assert_nothing_lost(report)
    assert report.facts["sent_unmarked"] >= 1
    assert report.facts["min_copies_on_kafka"] >= 2
    assert report.duplicates >= report.facts["sent_unmarked"]


async def test_consumer_killed_between_db_commit_and_offset_commit_skips_the_redelivery(
    drill: Drill,
) -> None:
    report = await consumer_killed_before_offset_commit(drill)

    assert_nothing_lost(report)
    assert report.facts["batch_committed_before_kill"] >= 1
    assert report.duplicates >= report.facts["batch_committed_before_kill"]


async def test_kafka_frozen_beyond_the_session_timeout_recovers(drill: Drill) -> None:
    assert_nothing_lost(await kafka_frozen(drill))


async def test_postgres_crash_under_load_keeps_every_booking_with_its_event(drill: Drill) -> None:
    assert_nothing_lost(await postgres_restarted(drill))


async def test_the_same_event_many_times_and_out_of_order_makes_one_notification_each(
    drill: Drill,
) -> None:
    report = await duplicated_and_reordered(drill)

    assert_nothing_lost(report)
    # Every injected copy and every event the relay then published again was turned away.
    assert report.duplicates >= COPIES + report.facts["injected_reordered"]


async def test_a_crowd_for_one_slot_gets_one_booking_and_conflicts(drill: Drill) -> None:
    report = await contended_slot(drill)

    assert_nothing_lost(report)
    assert report.acknowledged == 1
    assert report.facts["conflicts"] == CROWD - 1
    assert report.facts["conflict_types"] == ["urn:bitc:problem:booking-conflict"]


async def test_a_poison_message_is_dead_lettered_and_what_follows_is_handled(
    drill: Drill,
) -> None:
    report = await poison_in_partition(drill)

    assert_nothing_lost(report)
    assert report.facts["dead_letters"] == 1
    assert report.facts["dead_letter_reasons"] == ["invalid_event"]
    assert report.facts["followers_in_partition"] >= 3


#: Issue #16 asks for a minute; the suite keeps Kafka down for less unless told (the drill's
#: table shows how long it was: `python -m tools.fault_drill kafka-outage` takes 60 s).
KAFKA_OUTAGE_S = float(os.environ.get("FAULT_DRILL_KAFKA_OUTAGE_S", "20"))


async def test_through_a_kafka_outage_bookings_are_acknowledged_and_services_stay_ready(
    drill: Drill,
) -> None:
    report = await kafka_outage(drill, down_s=KAFKA_OUTAGE_S)

    assert_nothing_lost(report)
    assert report.fault is not None
    assert report.fault.seconds >= KAFKA_OUTAGE_S
    assert report.fault.acknowledged > 0
    assert report.fault.refused == 0
    assert report.fault.readiness_probes > 0
    assert report.fault.not_ready == 0
    # Every booking's event reached Kafka; each was notified once (assert_nothing_lost).
    assert report.published >= report.committed
    # The outbox gauges measured the wait while Kafka was away, as the dashboard shows it.
    assert report.facts["outbox_age_before_return_s"] >= KAFKA_OUTAGE_S / 2
