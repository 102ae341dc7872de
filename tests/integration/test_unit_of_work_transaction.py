"""The unit of work's one transaction (shared/persistence/unit_of_work.py), against the real
database: what a repository writes through SQLAlchemy and what it writes on the asyncpg driver
directly (the hot paths' compiled statements) are stored together or not at all, and a unit of
work that failed hands the pool a connection that is in no transaction.

The tables are in a schema of the test's own, on an engine of one connection, so every unit of
work of a test uses the connection the one before it gave back."""

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from shared.persistence.asyncpg_statements import AsyncpgStatement
from shared.persistence.unit_of_work import FrameTables, SqlRepository, UnitOfWork

pytestmark = pytest.mark.integration


class _Notes(SqlRepository):
    def __init__(self, connection, seen, table: sa.Table) -> None:
        super().__init__(connection, seen)
        self._table = table
        self._on_driver = AsyncpgStatement(table.insert())

    async def add_through_sqlalchemy(self, text: str) -> None:
        await self.connection.execute(self._table.insert().values(id=uuid.uuid4(), text=text))

    async def add_on_driver(self, text: str) -> None:
        await self._on_driver.execute(self.driver, id=uuid.uuid4(), text=text)

    async def texts(self) -> list[str]:
        rows = await self.connection.execute(sa.select(self._table.c.text))
        return sorted(rows.scalars())


class _NotesUnitOfWork(UnitOfWork):
    def __init__(self, engine, tables: FrameTables, notes: sa.Table) -> None:
        super().__init__(engine, source="test", tables=tables)
        self._notes = notes

    def _open_repositories(self, connection, seen) -> None:
        self.notes = _Notes(connection, seen, self._notes)


@pytest.fixture
async def notes_unit_of_work(infra):
    schema = f"uow_{uuid.uuid4().hex[:8]}"
    metadata = sa.MetaData(schema=schema)
    tables = FrameTables.declare(metadata)
    notes = sa.Table(
        "notes",
        metadata,
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
    )
    url = make_url(infra.admin_dsn).set(drivername="postgresql+asyncpg")
    engine = create_async_engine(url, pool_size=1, max_overflow=0)
    async with engine.begin() as conn:
        await conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        await conn.run_sync(metadata.create_all)
    yield lambda: _NotesUnitOfWork(engine, tables, notes)
    async with engine.begin() as admin:
        await admin.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    await engine.dispose()


async def test_writes_through_sqlalchemy_and_on_the_driver_commit_together(notes_unit_of_work):
    async with notes_unit_of_work() as uow:
        await uow.notes.add_through_sqlalchemy("one")
        await uow.notes.add_on_driver("two")
        await uow.commit()
    async with notes_unit_of_work() as uow:
        assert await uow.notes.texts() == ["one", "two"]


async def test_a_unit_of_work_that_does_not_commit_stores_neither(notes_unit_of_work):
    async with notes_unit_of_work() as uow:
        await uow.notes.add_on_driver("first, on the driver")
        await uow.notes.add_through_sqlalchemy("then through SQLAlchemy")
        assert await uow.notes.texts() == ["first, on the driver", "then through SQLAlchemy"]
    async with notes_unit_of_work() as uow:
        assert await uow.notes.texts() == []


async def test_after_a_failed_statement_the_next_unit_of_work_starts_clean(notes_unit_of_work):
    async def write_then_fail() -> None:
        async with notes_unit_of_work() as uow:
            await uow.notes.add_on_driver("lost with the failure")
            await uow.connection.execute(sa.text("SELECT 1 / 0"))

    with pytest.raises(sa.exc.DBAPIError):
        await write_then_fail()
    async with notes_unit_of_work() as uow:
        await uow.notes.add_through_sqlalchemy("after")
        await uow.commit()
    async with notes_unit_of_work() as uow:
        assert await uow.notes.texts() == ["after"]
        assert uow.driver.is_in_transaction()
