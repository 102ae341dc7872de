"""Alembic for every service the same way: scripts in ``services/<name>/migrations``, version table
in the service's own schema, run by an admin connection switched to the service's owner role, so
the objects a migration creates belong to the owner and the service's login role gets only the
row access the owner's default privileges grant (``bitc.schema_privileges``)."""

import asyncio

from alembic import command, context
from alembic.config import Config
from alembic.script import Script, ScriptDirectory
from sqlalchemy import pool
from sqlalchemy.engine import Connection, make_url

from shared.persistence.database_url import async_engine
from shared.persistence.migration_files import SERVICES_DIR


def owner_role(service: str) -> str:
    return f"{service}_owner"


def alembic_config(service: str, admin_url: str) -> Config:
    """``admin_url``: a role that may ``SET ROLE <service>_owner`` (a superuser, or a member)."""
    url = make_url(admin_url).set(drivername="postgresql+asyncpg")
    config = Config()
    config.set_main_option("script_location", str(SERVICES_DIR / service / "migrations"))
    config.set_main_option(
        "sqlalchemy.url", url.render_as_string(hide_password=False).replace("%", "%%")
    )
    config.attributes["schema"] = service
    return config


def scripts(service: str) -> ScriptDirectory:
    return ScriptDirectory(str(SERVICES_DIR / service / "migrations"))


def revisions(service: str) -> list[Script]:
    """The service's migrations, oldest first."""
    return list(reversed(list(scripts(service).walk_revisions())))


def upgrade(service: str, admin_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(service, admin_url), revision)


def run_migrations_from_env() -> None:
    """Body of every service's ``migrations/env.py``."""
    config = context.config
    schema = config.attributes["schema"]

    def migrate(connection: Connection) -> None:
        # Session-level SETs, committed before Alembic opens its own transaction.
        connection.exec_driver_sql(f"SET ROLE {owner_role(schema)}")
        connection.exec_driver_sql(f"SET search_path TO {schema}, public")
        connection.commit()
        context.configure(connection=connection, version_table_schema=schema, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()

    async def run() -> None:
        engine = async_engine(config.get_main_option("sqlalchemy.url", ""), poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(migrate)
        await engine.dispose()

    asyncio.run(run())
