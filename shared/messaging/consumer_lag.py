"""Consumer lag, measured by the service itself: for each of its consumer groups, how far the
committed offsets trail the end of each partition. Operators alert on it (issue #7)."""

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity
from shared.observability.metrics import ServiceMetrics

log = logging.getLogger(__name__)

REFRESH_S = 15.0


class ConsumerLagProbe:
    def __init__(
        self,
        bootstrap_servers: str,
        groups: Sequence[tuple[str, str]],
        metrics: ServiceMetrics,
        security: KafkaSecurity = PLAINTEXT,
    ) -> None:
        """``groups``: (consumer group, topic) pairs."""
        self._client = {
            "bootstrap_servers": bootstrap_servers,
            **security.client_kwargs(),
        }
        self._groups = groups
        self._metrics = metrics

    async def run(self) -> None:
        admin = AIOKafkaAdminClient(client_id="bitc-lag-probe", **self._client)
        # No group: it only asks for end offsets and never joins or commits.
        ends = AIOKafkaConsumer(enable_auto_commit=False, **self._client)
        try:
            await admin.start()
            await ends.start()
            while True:
                try:
                    await self.refresh(admin, ends)
                except Exception as exc:
                    log.warning("could not measure consumer lag", extra={"error": repr(exc)})
                await asyncio.sleep(REFRESH_S)
        finally:
            with contextlib.suppress(Exception):
                await ends.stop()
            with contextlib.suppress(Exception):
                await admin.close()

    async def refresh(self, admin: AIOKafkaAdminClient, ends: AIOKafkaConsumer) -> None:
        for group, topic in self._groups:
            described = await admin.describe_topics([topic])
            partitions = [TopicPartition(topic, p["partition"]) for p in described[0]["partitions"]]
            committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
            end_offsets = await ends.end_offsets(partitions)
            for partition in partitions:
                position = committed.get(partition)
                done = position.offset if position is not None and position.offset >= 0 else 0
                lag = max(end_offsets[partition] - done, 0)
                labels = (group, topic, str(partition.partition))
                self._metrics.consumer_lag.labels(*labels).set(lag)
