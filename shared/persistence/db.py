"""Connections to the service's database: the SQLAlchemy engine and plain asyncpg DSNs."""

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def create_engine(database_url: str, pool_size: int) -> AsyncEngine:
    return create_async_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # A connection broken by a database restart is discarded on first use; callers retry.
        pool_pre_ping=False,
        connect_args={"server_settings": {"application_name": "bitc"}},
    )


def asyncpg_dsn(database_url: str) -> str:
    """The same URL for asyncpg itself (LISTEN and advisory locks need a dedicated connection)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
