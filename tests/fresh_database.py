"""A database of its own on the suite's PostgreSQL, provisioned as `bitc setup` provisions one
(roles, schemas, privileges) but not migrated: for tests that migrate it step by step."""

import contextlib
import uuid
from collections.abc import AsyncIterator

import asyncpg
from sqlalchemy.engine import make_url

from bitc.platform import DEV_PASSWORDS
from bitc.provision import SERVICES
from bitc.schema_privileges import provision_service_schema


@contextlib.asynccontextmanager
async def fresh_database(admin_dsn: str) -> AsyncIterator[str]:
    """Yields the new database's admin URL; drops it afterwards."""
    name = f"walk_{uuid.uuid4().hex[:8]}"
    admin = make_url(admin_dsn).set(drivername="postgresql")
    conn = await asyncpg.connect(admin.render_as_string(False))
    await conn.execute(f"CREATE DATABASE {name}")
    url = admin.set(database=name).render_as_string(False)
    try:
        fresh = await asyncpg.connect(url)
        try:
            await fresh.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            for service in SERVICES:
                await provision_service_schema(fresh, name, service, DEV_PASSWORDS[service])
        finally:
            await fresh.close()
        yield url
    finally:
        await conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
        await conn.close()


def login_url(admin_url: str, service: str) -> str:
    """The service's own DATABASE_URL for that database (its login role, from `bitc setup`)."""
    url = make_url(admin_url).set(
        drivername="postgresql+asyncpg", username=service, password=DEV_PASSWORDS[service]
    )
    return url.render_as_string(False)
