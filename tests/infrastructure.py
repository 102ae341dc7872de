"""Where the test suite's Kafka and PostgreSQL come from, first that answers:

1. endpoints given in the environment (KAFKA_BOOTSTRAP_SERVERS, DATABASE_URL as a superuser);
2. containers, when a Docker engine answers (testcontainers);
3. the project's native launcher, on free ports in a throwaway state folder.

Whatever the source, the services run as real processes through the same launcher.
"""

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class GivenEndpoints:
    kafka_bootstrap: str | None
    admin_dsn: str | None
    source: str


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception:
        return False
    return True


@contextlib.contextmanager
def external_endpoints() -> Iterator[GivenEndpoints]:
    """Endpoints the launcher must not start itself; None ones it starts natively."""
    kafka = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    admin = os.environ.get("DATABASE_URL")
    if (kafka and admin) or not _docker_answers():
        yield GivenEndpoints(kafka, admin, "environment" if kafka and admin else "native launcher")
        return
    with contextlib.ExitStack() as containers:
        if not admin:
            from testcontainers.postgres import PostgresContainer

            postgres = containers.enter_context(
                PostgresContainer("postgres:15", dbname="bitc", driver=None)
            )
            admin = postgres.get_connection_url()
        if not kafka:
            from testcontainers.kafka import KafkaContainer

            kafka = containers.enter_context(
                KafkaContainer("apache/kafka:4.1.1").with_kraft()
            ).get_bootstrap_server()
        yield GivenEndpoints(kafka, admin, "testcontainers")
