"""Connections to the service's database: the SQLAlchemy engine and plain asyncpg sessions."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from shared.persistence.connection_budget import max_overflow
from shared.persistence.database_url import async_engine, database_target


def create_engine(database_url: str, pool_size: int) -> AsyncEngine:
    return async_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=max_overflow(pool_size),
        # A connection broken by a database restart is discarded on first use; callers retry.
        pool_pre_ping=False,
        connect_args={"server_settings": {"application_name": "bitc"}},
    )


def asyncpg_connect_args(database_url: str) -> dict[str, Any]:
    """``asyncpg.connect`` arguments for the same database, TLS alike (LISTEN and advisory
    locks need a dedicated connection)."""
    return database_target(database_url).asyncpg_connect_args()
