"""What the code believes each schema looks like (its SQLAlchemy tables) is what the migrations
build: a column, constraint or index added on one side only fails here, not in production."""

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bitc.provision import SERVICES

pytestmark = pytest.mark.integration


def _schema_differences(connection, metadata, schema: str) -> list:
    context = MigrationContext.configure(
        connection,
        opts={
            "include_schemas": True,
            "include_name": lambda name, kind, _: kind != "schema" or name == schema,
            "version_table_schema": schema,
            "compare_type": True,
            "compare_server_default": False,
        },
    )
    return [d for d in compare_metadata(context, metadata) if not _is_version_table(d)]


def _is_version_table(difference) -> bool:
    return "alembic_version" in repr(difference)


@pytest.mark.parametrize("service", SERVICES)
async def test_the_tables_the_code_uses_are_the_tables_the_migrations_made(infra, service):
    metadata = importlib.import_module(f"services.{service}.adapters.tables").metadata
    # As the admin, whose default schema is public: Alembic reports tables of the connection's
    # default schema without a schema name, which would not match the code's schema-qualified ones.
    admin_url = make_url(infra.admin_dsn).set(drivername="postgresql+asyncpg")
    engine = create_async_engine(admin_url)
    try:
        async with engine.connect() as conn:
            differences = await conn.run_sync(_schema_differences, metadata, service)
    finally:
        await engine.dispose()
    assert differences == [], f"{service}: tables.py and the migrations disagree: {differences}"
