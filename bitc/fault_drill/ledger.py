"""The account of one scenario: what clients asked and were told, what the platform committed,
published and handled, and every way in which the delivery guarantees were broken."""

import time
from dataclasses import dataclass, field

import asyncpg

from bitc.fault_drill import kafka_log, records
from bitc.fault_drill.load import LoadOutcome
from bitc.fault_drill.waiting import NotSettled, settle
from contracts.topics import BOOKING_EVENTS

_SETTLE_WITHIN_S = 90


@dataclass(frozen=True)
class FaultWindow:
    """What clients saw while a dependency was down: how long, bookings acknowledged (201)
    and refused meanwhile, and readiness answers other than 200 out of those asked."""

    seconds: float
    acknowledged: int
    refused: int
    not_ready: int
    readiness_probes: int


@dataclass
class ScenarioReport:
    scenario: str
    requests: int
    acknowledged: int
    committed: int
    published: int  # booking.confirmed records on Kafka, copies included
    handled: int  # events the notifications inbox recorded
    duplicates: int  # copies the inbox turned away (inbox_duplicates_total)
    lost: int  # acknowledged or committed bookings whose notification never came
    seconds: float
    violations: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    fault: FaultWindow | None = None


class DuplicateTally:
    """The booking consumer's inbox_duplicates_total over a scenario. A restarted process
    counts from zero, so what the old one counted is banked before it is killed."""

    def __init__(self, notifications_url: str, headers: dict[str, str]) -> None:
        self._url = notifications_url
        self._headers = headers
        self._banked = 0.0
        self._base = 0.0

    async def start(self) -> None:
        self._base = await records.duplicates_suppressed(self._url, self._headers)

    async def before_restart(self) -> None:
        self._banked += await records.duplicates_suppressed(self._url, self._headers) - self._base
        self._base = 0.0

    async def total(self) -> int:
        return round(
            self._banked
            + await records.duplicates_suppressed(self._url, self._headers)
            - self._base
        )


async def _settled(conn: asyncpg.Connection, space_id: str) -> bool:
    leftovers = await records.outbox_leftovers(conn)
    committed = await records.committed_bookings(conn, space_id)
    notified = await records.confirmations_notified(conn)
    return not any(leftovers.values()) and all(notified[b] for b in committed)


async def audit(
    conn: asyncpg.Connection,
    *,
    scenario: str,
    space_id: str,
    outcome: LoadOutcome,
    tally: DuplicateTally,
    kafka_bootstrap: str,
    started: float,
) -> ScenarioReport:
    """Waits (bounded) for the platform to settle, then checks every guarantee."""
    violations = []
    try:
        await settle(
            lambda: _settled(conn, space_id),
            bool,
            within_s=_SETTLE_WITHIN_S,
            what="outboxes drained and every booking notified",
        )
    except NotSettled as exc:
        violations.append(str(exc))
    committed = await records.committed_bookings(conn, space_id)
    events = await records.confirmation_events(conn, committed)
    notified = await records.confirmations_notified(conn)
    existing = await records.all_bookings(conn)
    keys = {booking_id.encode() for booking_id in committed}
    on_kafka = await kafka_log.read_topic(kafka_bootstrap, BOOKING_EVENTS)
    unacknowledged = outcome.acknowledged - committed
    without_event = committed - events.keys()
    unnotified = {b for b in committed if notified[b] == 0}
    doubled = {b for b in committed if notified[b] > 1}
    orphans = {b for b in notified if b not in existing}
    leftovers = {k: v for k, v in (await records.outbox_leftovers(conn)).items() if v}
    for count, what in (
        (len(unacknowledged), "acknowledged bookings are not in the database"),
        (len(without_event), "committed bookings have no booking.confirmed outbox row"),
        (len(unnotified), "committed bookings have no notification"),
        (len(doubled), "bookings have more than one notification"),
        (len(orphans), "notifications name a booking that does not exist"),
    ):
        if count:
            violations.append(f"{count} {what}")
    if leftovers:
        violations.append(f"outbox rows left unpublished or parked: {leftovers}")
    return ScenarioReport(
        scenario=scenario,
        requests=outcome.requests,
        acknowledged=len(outcome.acknowledged),
        committed=len(committed),
        published=sum(1 for record in on_kafka if record.key in keys),
        handled=await records.handled(conn, events.values()),
        duplicates=await tally.total(),
        lost=len(unacknowledged) + len(unnotified | without_event),
        seconds=round(time.monotonic() - started, 1),
        violations=violations,
    )


COLUMNS = ("scenario", "requests", "acknowledged", "committed", "published", "handled")
COLUMNS += ("duplicates", "lost", "seconds")
HEADINGS = dict(duplicates="duplicates suppressed", published="events published")
#: Shown for scenarios that keep a dependency down for a while (FaultWindow); "-" elsewhere.
FAULT_COLUMNS = {
    "seconds": "down s",
    "acknowledged": "acknowledged while down",
    "refused": "refused while down",
    "not_ready": "not ready answers while down",
}


def _row(report: ScenarioReport) -> list[str]:
    row = [str(getattr(report, column)) for column in COLUMNS]
    fault = report.fault
    return row + [str(getattr(fault, name)) if fault else "-" for name in FAULT_COLUMNS]


def table(reports: list[ScenarioReport]) -> str:
    """The reports as a Markdown table, one row per scenario."""
    heads = [HEADINGS.get(column, column) for column in COLUMNS] + list(FAULT_COLUMNS.values())
    rows = [_row(report) for report in reports]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
