"""Prepares a database and a Kafka cluster for the platform; used the same way by the native
launcher (``bitc dev up``) and by deployments (``bitc setup``). Every step is idempotent.

Database: one schema per service, owned by the service's owner role (which migrates it); the
service's login role may only read and write its rows (``bitc.schema_privileges``).
Kafka: the topics of ``contracts.topics``, created with their own settings
(bitc/topic_provisioning.py).
"""

import asyncio
import logging
from collections.abc import Mapping

import asyncpg
from sqlalchemy.engine import URL, make_url

from bitc.schema_privileges import provision_service_schema
from bitc.topic_durability import SINGLE_BROKER, TopicDurability
from bitc.topic_provisioning import create_topics
from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity
from shared.persistence.db import asyncpg_connect_args
from shared.persistence.migrations import upgrade

log = logging.getLogger(__name__)

#: The services with a bearer-token HTTP API; the console is their web front, with cookies.
API_SERVICES = ("tenancy", "booking", "notifications")
SERVICES = (*API_SERVICES, "console")


def service_database_url(admin_url: str, service: str, password: str) -> str:
    """The URL a service connects with: the admin URL's host, database and TLS, its own role."""
    admin = make_url(admin_url)
    return URL.create(
        "postgresql+asyncpg",
        username=service,
        password=password,
        host=admin.host,
        port=admin.port,
        database=admin.database,
        query=admin.query,
    ).render_as_string(hide_password=False)


async def provision_database(admin_url: str, passwords: Mapping[str, str]) -> None:
    conn = await asyncpg.connect(**asyncpg_connect_args(admin_url))
    try:
        database = await conn.fetchval("SELECT quote_ident(current_database())")
        await conn.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        # Nobody but the roles named below may connect or create objects in public.
        await conn.execute(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC")
        await conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        for service in SERVICES:
            await provision_service_schema(conn, database, service, passwords[service])
    finally:
        await conn.close()


def migrate(admin_url: str) -> None:
    """Each service's migrations, as its owner role (the admin switches to it)."""
    for service in SERVICES:
        log.info("migrating", extra={"service": service})
        upgrade(service, admin_url)


async def setup_platform(
    admin_url: str,
    bootstrap_servers: str,
    passwords: Mapping[str, str],
    kafka_security: KafkaSecurity = PLAINTEXT,
    durability: TopicDurability = SINGLE_BROKER,
) -> dict[str, str]:
    """Everything a fresh database and cluster need; returns each service's database URL."""
    await provision_database(admin_url, passwords)
    urls = {
        service: service_database_url(admin_url, service, passwords[service])
        for service in SERVICES
    }
    await asyncio.to_thread(migrate, admin_url)
    await create_topics(bootstrap_servers, security=kafka_security, durability=durability)
    return urls
