"""``bitc replay SERVICE PROJECTION``: rebuilds a projection from the beginning of its topic.

One transaction, holding the live consumer's lock exclusively (shared/messaging/consumer_lock.py),
so it
is safe while the service runs: in-flight batches commit first, the consumer waits meanwhile.
In it, the projection's tables are emptied and every record from offset 0 to the end of each
partition (as it was once the lock was held) is decoded as the live consumer decodes it
(upcasting included). Each event the live consumer has already handled (below its committed
offset, or in its inbox) is applied with the projection's rebuild handlers; one it has not
handled yet is left to it, so that event's effects happen once, in the live consumer. The inbox
stays as it is: it is the record of which events' effects have happened. Records the live
consumer dead-lettered as undecodable are skipped here too. Any failure rolls everything back.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiokafka.structs import ConsumerRecord
from pydantic import ValidationError

from bitc.topic_history import partitions_and_progress, records_to_end
from shared.messaging.envelope import Envelope, decode
from shared.messaging.events import EventCatalog, UnknownEventVersion
from shared.messaging.inbox_store import handled_among
from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity
from shared.messaging.projections import Projection
from shared.persistence.unit_of_work import UnitOfWork


@dataclass
class ReplayReport:
    read: int = 0
    applied: int = 0
    duplicates: int = 0
    #: Of no interest to the projection, or dead-lettered by the live consumer.
    skipped: int = 0
    #: Not yet handled by the live consumer, which handles them after the rebuild.
    left_to_consumer: int = 0
    ends: dict[int, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"read {self.read} records up to offsets {self.ends}: applied {self.applied} events, "
            f"skipped {self.skipped}, {self.duplicates} duplicates, "
            f"{self.left_to_consumer} left to the live consumer"
        )


async def rebuild(
    projection: Projection,
    unit_of_work: Callable[[], UnitOfWork],
    bootstrap: str,
    security: KafkaSecurity = PLAINTEXT,
) -> ReplayReport:
    sub = projection.subscription
    catalog = EventCatalog(*projection.rebuild_handlers, upcasters=sub.upcasters)
    report = ReplayReport()
    seen: set[str] = set()
    async with unit_of_work() as uow:
        await uow.hold_consumer_lock(projection.consumer, exclusive=True)
        partitions, committed = await partitions_and_progress(
            bootstrap, sub.topic, projection.consumer, security
        )
        await projection.reset(uow)
        async for batch in records_to_end(bootstrap, partitions, report.ends, security):
            decoded = [(record, *_read(catalog, record)) for record in batch]
            ids = [envelope.id for _, envelope, event in decoded if event is not None]
            handled_ids = await handled_among(
                uow.connection, uow.inbox_table, projection.consumer, ids
            )
            for record, envelope, event in decoded:
                report.read += 1
                if event is None:
                    report.skipped += 1
                elif record.offset >= committed.get(record.partition, 0) and (
                    envelope.id not in handled_ids
                ):
                    report.left_to_consumer += 1
                elif envelope.id in seen:
                    report.duplicates += 1
                else:
                    seen.add(envelope.id)
                    await projection.rebuild_handlers[type(event)](event, envelope, uow)
                    report.applied += 1
        if projection.restore is not None:
            await projection.restore(uow)
        await uow.commit()
    return report


def _read(catalog: EventCatalog, record: ConsumerRecord) -> tuple[Envelope | None, Any]:
    """As the live consumer decodes; None for what it skipped or dead-lettered."""
    try:
        envelope = decode(record.value or b"")
        return envelope, catalog.read(envelope.type, envelope.data, envelope.supersededby)
    except (ValueError, ValidationError, UnknownEventVersion):
        return None, None
