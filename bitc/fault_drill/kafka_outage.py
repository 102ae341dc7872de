"""Kafka away for a minute under load (issue #16): the API goes on. Bookings are acknowledged
(201) the whole time and every service stays ready, because writes need only PostgreSQL and
their events wait in the outbox; once Kafka is back each booking is published and notified
exactly once."""

import asyncio
import time

from bitc.fault_drill import levers, records
from bitc.fault_drill.drill import Drill
from bitc.fault_drill.ledger import FaultWindow, ScenarioReport
from bitc.provision import SERVICES

#: As the issue asks; tests/faults may shorten it (FAULT_DRILL_KAFKA_OUTAGE_S), and the drill's
#: table shows how long it really was.
KAFKA_OUTAGE_S = 60.0
_READINESS_EVERY_S = 1.0


async def ask_readiness_until(drill: Drill, deadline: float) -> tuple[int, int]:
    """Every service's /health/ready, about once a second until ``deadline``: how many answers
    were asked for, and how many were not 200 (or no answer at all)."""
    asked = not_ready = 0
    while time.monotonic() < deadline:
        answers = await asyncio.gather(
            *(records.readiness(drill.platform.url(service)) for service in SERVICES),
            return_exceptions=True,
        )
        asked += len(answers)
        not_ready += sum(answer != 200 for answer in answers)
        await asyncio.sleep(_READINESS_EVERY_S)
    return asked, not_ready


async def kafka_outage(drill: Drill, down_s: float = KAFKA_OUTAGE_S) -> ScenarioReport:
    trial = await drill.trial("kafka-outage")
    stack, outcome = drill.platform.stack, trial.load.outcome
    async with trial.load.running():
        await trial.load.more(5)
        await levers.kill(stack, "kafka")
        down_at = time.monotonic()
        acknowledged, refused = len(outcome.acknowledged), sum(outcome.failures.values())
        asked, not_ready = await ask_readiness_until(drill, down_at + down_s)
        window = FaultWindow(
            seconds=round(time.monotonic() - down_at),
            acknowledged=len(outcome.acknowledged) - acknowledged,
            refused=sum(outcome.failures.values()) - refused,
            not_ready=not_ready,
            readiness_probes=asked,
        )
        # What the dashboard and OutboxEventsOld read at that moment: the age of the wait.
        waited_s = await records.metric_value(
            drill.platform.url("booking"),
            drill.platform.admin_headers(),
            "outbox_oldest_unpublished_age_seconds",
        )
        await levers.bring_back_infra(stack)
        await trial.load.more(5)
    report = await trial.report(outbox_age_before_return_s=round(waited_s, 1))
    report.fault = window
    for count, what in (
        (window.refused, "bookings were refused while Kafka was down"),
        (window.not_ready, "readiness answers were not 200 while Kafka was down"),
    ):
        if count:
            report.violations.append(f"{count} {what}")
    if not window.acknowledged:
        report.violations.append("no booking was acknowledged while Kafka was down")
    return report
