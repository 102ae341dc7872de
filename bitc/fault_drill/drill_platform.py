"""A platform of the drill's own: Kafka, PostgreSQL and the three services on free ports in a
throwaway folder, always started by the native launcher, because the drill kills and freezes
them and must never do that to processes anyone else relies on. Kafka is one broker, or for
the broker-loss drill a cluster of three holding each topic as production does (3 copies,
2 in sync)."""

import contextlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

from bitc.devstack import DevStack, throwaway_stack
from bitc.devstack.kafka_cluster import KafkaCluster
from bitc.platform import RunningPlatform, start_platform
from bitc.provision import SERVICES
from bitc.topic_durability import TopicDurability
from shared.auth.access import Role

#: Outages are waited out with backoff; the production ceiling (10 s) would make every drill
#: spend most of its time asleep. The guarantees checked do not depend on the timing.
_QUICK_RECOVERY = {"CONSUMER_BACKOFF_MAX_S": "2", "RELAY_POLL_INTERVAL_S": "0.5"}
#: Delivering e-mail is not what is drilled; a notification row is the effect checked, so the
#: sender runs rarely instead of retrying against a mail server that is not there.
_NO_SENDING = {"SENDER_INTERVAL_S": "3600"}
#: The restore drill counts the e-mail sent per booking, so its platforms send, promptly.
_PROMPT_SENDING = {"SENDER_INTERVAL_S": "0.5"}
#: The load books as fast as the platform answers; the per-caller write limit would turn most
#: of it into 429s and leave little to drill.
_UNTHROTTLED = {"WRITE_RATE_LIMIT_PER_MINUTE": "1000000", "WRITE_RATE_LIMIT_BURST": "100000"}
EXTRA_ENV: Mapping[str, Mapping[str, str]] = {
    service: {
        **_QUICK_RECOVERY,
        **_UNTHROTTLED,
        **(_NO_SENDING if service == "notifications" else {}),
    }
    for service in SERVICES
}

SENDING_ENV: Mapping[str, Mapping[str, str]] = {
    service: {
        **_QUICK_RECOVERY,
        **_UNTHROTTLED,
        **(_PROMPT_SENDING if service == "notifications" else {}),
    }
    for service in SERVICES
}


@dataclass(frozen=True)
class DrillPlatform:
    stack: DevStack
    running: RunningPlatform
    cluster: KafkaCluster | None = None  # the brokers, when not the stack's single one

    @property
    def kafka_bootstrap(self) -> str:
        return self.running.endpoints.kafka_bootstrap

    @property
    def admin_dsn(self) -> str:
        """Superuser on the platform's database: sees every service's schema."""
        return self.running.endpoints.admin_dsn

    def url(self, service: str) -> str:
        return self.running.service_urls[service]

    def admin_headers(self) -> dict[str, str]:
        """Signed in as admin with the dev key the services trust, as the e2e tests are."""
        token = self.running.signing_key.mint([Role.admin], subject="fault-drill")
        return {"Authorization": f"Bearer {token}"}


@contextlib.asynccontextmanager
async def drill_platform(
    replicated: bool = False, extra_env: Mapping[str, Mapping[str, str]] = EXTRA_ENV
) -> AsyncIterator[DrillPlatform]:
    """Starts the whole platform and stops exactly what it started, data folder included."""
    with throwaway_stack("bitc-faults-") as stack:
        if not replicated:
            yield DrillPlatform(stack, await start_platform(stack, extra_env=extra_env))
            return
        cluster = KafkaCluster(
            stack.state_dir / "kafka-cluster",
            repo_root=stack.repo_root,
            cache_root=stack.cache_root,
        )
        try:
            bootstrap = await cluster.start()
            running = await start_platform(
                stack,
                kafka_bootstrap=bootstrap,
                durability=TopicDurability(replication_factor=3, min_insync_replicas=2),
                extra_env=extra_env,
            )
            yield DrillPlatform(stack, running, cluster)
        finally:
            stack.stop_all()  # the services first, while the brokers still answer them
            cluster.stop()
