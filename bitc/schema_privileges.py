"""Who may do what in a service's schema. Two roles per service:

* ``<service>_owner`` (NOLOGIN) owns the schema and everything in it; migrations run as it
  (``shared.persistence.migrations`` connects as the admin and ``SET ROLE``s to it);
* ``<service>``, the login role the service runs as, may use the schema and read and write rows,
  nothing more: no CREATE, DROP, ALTER or TRUNCATE, and no access to another service's schema.

Default privileges of the owner cover the tables later migrations create. Databases provisioned
before the owner roles existed are upgraded in place: what the login role owned is reassigned.
"""

import asyncpg

from shared.persistence.migrations import owner_role

ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_PRIVILEGES = "USAGE, SELECT"


async def provision_service_schema(
    conn: asyncpg.Connection, database: str, service: str, password: str
) -> None:
    """Idempotent; one transaction, so a running service never sees its grants half-revoked."""
    owner = owner_role(service)
    async with conn.transaction():
        await _login_role(conn, service, password)
        if not await _role_exists(conn, owner):
            await conn.execute(f"CREATE ROLE {owner} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
        # The admin switches to the owner to migrate; a superuser may anyway, others need this.
        await conn.execute(f"GRANT {owner} TO CURRENT_USER")
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {service} AUTHORIZATION {owner}")
        await conn.execute(f"ALTER SCHEMA {service} OWNER TO {owner}")
        # Earlier releases let the login role own its tables; ownership is what allows DDL.
        await conn.execute(f"REASSIGN OWNED BY {service} TO {owner}")
        await conn.execute(f"REVOKE ALL ON SCHEMA {service} FROM PUBLIC, {service}")
        await conn.execute(f"GRANT USAGE ON SCHEMA {service} TO {service}")
        await _grant_rows(conn, service, owner)
        await conn.execute(f"GRANT CONNECT ON DATABASE {database} TO {service}")
        await conn.execute(f"ALTER ROLE {service} SET search_path = {service}, public")


async def _role_exists(conn: asyncpg.Connection, role: str) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role))


async def _login_role(conn: asyncpg.Connection, role: str, password: str) -> None:
    verb = "ALTER" if await _role_exists(conn, role) else "CREATE"
    # Passwords cannot be bound as parameters in DDL; quote_literal makes them safe to inline.
    literal = await conn.fetchval("SELECT quote_literal($1)", password)
    await conn.execute(
        f"{verb} ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {literal}"
    )


async def _grant_rows(conn: asyncpg.Connection, schema: str, owner: str) -> None:
    login = schema
    # Revoke first: a table the login role once owned may carry grants beyond row access.
    for kind, privileges in (("TABLES", ROW_PRIVILEGES), ("SEQUENCES", SEQUENCE_PRIVILEGES)):
        await conn.execute(f"REVOKE ALL ON ALL {kind} IN SCHEMA {schema} FROM {login}")
        await conn.execute(f"GRANT {privileges} ON ALL {kind} IN SCHEMA {schema} TO {login}")
        await conn.execute(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
            f"GRANT {privileges} ON {kind} TO {login}"
        )
