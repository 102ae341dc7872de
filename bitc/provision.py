"""Prepares a database and a Kafka cluster for the platform; used the same way by the native
launcher (``bitc dev up``) and by deployments (``bitc setup``). Every step is idempotent.

Database: one login role and one schema per service; a role has no rights on the other schemas
(design.md §4). Kafka: the topics of ``contracts.topics``, created with their own settings.
"""

import asyncio
import logging
from collections.abc import Iterable, Mapping

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from sqlalchemy.engine import URL, make_url

from contracts.topics import TOPICS, TopicSpec
from shared.migrations import upgrade

log = logging.getLogger(__name__)

SERVICES = ("tenancy", "booking", "notifications")


def service_database_url(admin_url: str, service: str, password: str) -> str:
    """The URL a service connects with: the admin URL's host and database, its own role."""
    admin = make_url(admin_url)
    return URL.create(
        "postgresql+asyncpg",
        username=service,
        password=password,
        host=admin.host,
        port=admin.port,
        database=admin.database,
    ).render_as_string(hide_password=False)


async def provision_database(admin_url: str, passwords: Mapping[str, str]) -> None:
    dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        database = await conn.fetchval("SELECT current_database()")
        await conn.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        # Nobody but the roles named below may connect or create objects in public.
        await conn.execute(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC')
        await conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        for service in SERVICES:
            await _provision_service(conn, database, service, passwords[service])
    finally:
        await conn.close()


async def _provision_service(
    conn: asyncpg.Connection, database: str, service: str, password: str
) -> None:
    exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", service)
    verb = "ALTER" if exists else "CREATE"
    # Passwords cannot be bound as parameters in DDL; quote_literal makes them safe to inline.
    literal = await conn.fetchval("SELECT quote_literal($1)", password)
    await conn.execute(
        f"{verb} ROLE {service} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {literal}"
    )
    await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {service} AUTHORIZATION {service}")
    await conn.execute(f"REVOKE ALL ON SCHEMA {service} FROM PUBLIC")
    await conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO {service}')
    await conn.execute(f"ALTER ROLE {service} SET search_path = {service}, public")


def migrate(service_urls: Mapping[str, str]) -> None:
    for service, url in service_urls.items():
        log.info("migrating", extra={"service": service})
        upgrade(service, url)


async def create_topics(bootstrap_servers: str, topics: Iterable[TopicSpec] = TOPICS) -> list[str]:
    """Creates the topics that don't exist yet; returns their names."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="bitc-provision")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [topic for topic in topics if topic.name not in existing]
        for topic in missing:
            try:
                await admin.create_topics(
                    [
                        NewTopic(
                            topic.name,
                            topic.partitions,
                            replication_factor=1,
                            topic_configs=topic.config,
                        )
                    ]
                )
            except TopicAlreadyExistsError:
                continue
        return [topic.name for topic in missing]
    finally:
        await admin.close()


async def setup_platform(
    admin_url: str, bootstrap_servers: str, passwords: Mapping[str, str]
) -> dict[str, str]:
    """Everything a fresh database and cluster need; returns each service's database URL."""
    await provision_database(admin_url, passwords)
    urls = {
        service: service_database_url(admin_url, service, passwords[service])
        for service in SERVICES
    }
    await asyncio.to_thread(migrate, urls)
    await create_topics(bootstrap_servers)
    return urls
