"""tables.py and the migrations describe the same notifications schema."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services.notifications.adapters.tables import SCHEMA, metadata
from shared.persistence.db import create_engine

pytestmark = pytest.mark.integration


def _without_schema() -> sa.MetaData:
    """The service's role has its own schema first on its search_path, where Alembic reflects
    the tables as schema-less; compare like with like."""
    plain = sa.MetaData()
    for table in metadata.tables.values():
        table.to_metadata(plain, schema=None)
    return plain


async def test_tables_match_the_migrated_schema(infra):
    engine = create_engine(infra.database_urls["notifications"], 1)
    try:
        async with engine.connect() as conn:
            assert await conn.scalar(sa.text("SELECT current_schema()")) == SCHEMA
            diff = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(
                        sync,
                        opts={
                            "include_object": lambda obj, name, *_: name != "alembic_version",
                        },
                    ),
                    _without_schema(),
                )
            )
    finally:
        await engine.dispose()
    # Column comments of the shared outbox exist only in shared/messaging/tables.py.
    changes = [c for group in diff for c in (group if isinstance(group, list) else [group])]
    assert [c for c in changes if c[0] != "modify_comment"] == []
