"""Fault drills (issue #6): the platform under a steady load of bookings while Kafka, PostgreSQL
or a service is killed or frozen at the worst moment, then an account of what was committed,
published, handled and lost. The test suite (tests/faults) and ``python -m tools.fault_drill``
run the same scenarios from here.

    async with drill_session() as drill:
        report = await kafka_killed(drill)
"""

from collections.abc import Awaitable, Callable

from bitc.fault_drill.broker_faults import (
    consumer_killed_before_offset_commit,
    kafka_frozen,
    kafka_killed,
)
from bitc.fault_drill.broker_loss import broker_loss
from bitc.fault_drill.drill import Drill, drill_session
from bitc.fault_drill.kafka_outage import kafka_outage
from bitc.fault_drill.ledger import ScenarioReport, table
from bitc.fault_drill.message_faults import (
    contended_slot,
    duplicated_and_reordered,
    poison_in_partition,
)
from bitc.fault_drill.process_faults import postgres_restarted, relay_killed_before_marking

Scenario = Callable[[Drill], Awaitable[ScenarioReport]]

#: In the issues' order (#6, then #16); each leaves the platform settled for the next.
SCENARIOS: dict[str, Scenario] = {
    "kafka-killed": kafka_killed,
    "relay-killed": relay_killed_before_marking,
    "consumer-killed": consumer_killed_before_offset_commit,
    "kafka-frozen": kafka_frozen,
    "postgres-restarted": postgres_restarted,
    "duplicated-reordered": duplicated_and_reordered,
    "contended-slot": contended_slot,
    "poison-message": poison_in_partition,
    "kafka-outage": kafka_outage,
}
#: Those that need a platform on three brokers (drill_session(replicated=True)).
REPLICATED_SCENARIOS: dict[str, Scenario] = {"broker-loss": broker_loss}

__all__ = [
    "REPLICATED_SCENARIOS",
    "SCENARIOS",
    "Drill",
    "Scenario",
    "ScenarioReport",
    "drill_session",
    "table",
]
