"""Least privilege in PostgreSQL, on the real server: a service's login role reads and writes the
rows of its own schema and nothing else; it cannot change the schema (only its owner role, which
migrations run as, can); tables created by later migrations are covered without new grants; and a
database from before the owner roles is upgraded in place by provisioning it again."""

import itertools
import uuid

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bitc.platform import DEV_PASSWORDS
from bitc.provision import SERVICES, service_database_url
from bitc.schema_privileges import provision_service_schema
from shared.persistence.migrations import owner_role

pytestmark = pytest.mark.integration


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _connect_as(infra, service: str, password: str | None = None) -> asyncpg.Connection:
    password = password or DEV_PASSWORDS[service]
    return await asyncpg.connect(_dsn(service_database_url(infra.admin_dsn, service, password)))


@pytest.mark.parametrize(("reader", "owner"), list(itertools.permutations(SERVICES, 2)))
async def test_a_service_cannot_read_or_write_another_services_tables(infra, reader, owner):
    conn = await _connect_as(infra, reader)
    try:
        assert await conn.fetchval(f"SELECT count(*) FROM {reader}.outbox") >= 0
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetchval(f"SELECT count(*) FROM {owner}.outbox")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(f"DELETE FROM {owner}.inbox")
    finally:
        await conn.close()


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE {s}.intruder (id int)",
        "DROP TABLE {s}.inbox",
        "ALTER TABLE {s}.inbox ADD COLUMN intruder int",
        "TRUNCATE {s}.outbox",
        "CREATE INDEX intruder ON {s}.inbox (type)",
    ],
)
async def test_a_service_cannot_change_its_own_schema(infra, service, statement):
    conn = await _connect_as(infra, service)
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(statement.format(s=service))
    finally:
        await conn.close()


async def test_tables_a_later_migration_creates_are_readable_and_writable(infra):
    table = f"booking.later_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_dsn(infra.admin_dsn))
    try:
        # As shared.persistence.migrations runs a migration: the admin switched to the owner role.
        await admin.execute(f"SET ROLE {owner_role('booking')}")
        await admin.execute(f"CREATE TABLE {table} (id bigint GENERATED ALWAYS AS IDENTITY, n int)")
        conn = await _connect_as(infra, "booking")
        try:
            await conn.execute(f"INSERT INTO {table} (n) VALUES (1)")
            await conn.execute(f"UPDATE {table} SET n = 2")
            assert await conn.fetchval(f"SELECT n FROM {table}") == 2
            await conn.execute(f"DELETE FROM {table}")
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(f"DROP TABLE {table}")
        finally:
            await conn.close()
    finally:
        await admin.execute(f"DROP TABLE IF EXISTS {table}")
        await admin.close()


async def test_a_schema_its_login_role_owned_is_handed_to_the_owner_role(infra):
    legacy = f"legacy_{uuid.uuid4().hex[:8]}"
    password = "legacy-password"
    admin = await asyncpg.connect(_dsn(infra.admin_dsn))
    database = await admin.fetchval("SELECT quote_ident(current_database())")
    try:
        # How earlier releases left it: the login role owns its schema and its tables.
        await admin.execute(f"CREATE ROLE {legacy} LOGIN PASSWORD '{password}'")
        await admin.execute(f"GRANT CONNECT ON DATABASE {database} TO {legacy}")
        await admin.execute(f"CREATE SCHEMA {legacy} AUTHORIZATION {legacy}")
        await admin.execute(f"SET ROLE {legacy}")
        await admin.execute(f"CREATE TABLE {legacy}.things (id serial PRIMARY KEY, name text)")
        await admin.execute("RESET ROLE")

        for _ in range(2):  # provisioning runs on every start: twice must equal once
            await provision_service_schema(admin, database, legacy, password)

        owners = await admin.fetch(
            "SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class "
            "WHERE relnamespace = $1::regnamespace",
            legacy,
        )
        assert [row["owner"] for row in owners] == [owner_role(legacy)]
        conn = await _connect_as(infra, legacy, password)
        try:
            await conn.execute(f"INSERT INTO {legacy}.things (name) VALUES ('kept')")
            assert await conn.fetchval(f"SELECT name FROM {legacy}.things") == "kept"
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(f"DROP TABLE {legacy}.things")
        finally:
            await conn.close()
    finally:
        await admin.execute("RESET ROLE")
        await admin.execute(f"DROP SCHEMA IF EXISTS {legacy} CASCADE")
        for role in (legacy, owner_role(legacy)):
            await admin.execute(f"DROP OWNED BY {role}")
            await admin.execute(f"DROP ROLE {role}")
        await admin.close()
