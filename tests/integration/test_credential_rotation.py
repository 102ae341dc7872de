"""A service's database password changes without downtime the way docs/operations.md ("Rotate
secrets") says: new pods log in as a second role acting as the first while old pods keep their
sessions, then `bitc setup` sets a fresh password on the first. Against a real PostgreSQL, with
the SQL taken from the docs."""

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
import sqlalchemy as sa

from bitc.provision import SERVICES, migrate, provision_database, service_database_url
from shared.persistence.db import asyncpg_connect_args, create_engine
from tests.tls_postgres import TlsPostgres, tls_only_postgres

pytestmark = pytest.mark.integration

OPERATIONS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
OLD, NEW, FRESH = "booking-old-pw", "booking-next-pw", "booking-fresh-pw"


def documented_handover_sql() -> list[str]:
    [block] = [
        b for b in re.findall(r"```sql\n(.*?)```", OPERATIONS.read_text(), re.S) if "_next" in b
    ]
    lines = [line.split("--")[0].strip() for line in block.strip().splitlines()]
    return [line.replace("'<new>'", f"'{NEW}'") for line in lines if line]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsPostgres]:
    with tls_only_postgres(tmp_path_factory.mktemp("rotation-postgres")) as server:
        yield server


async def can_use_bookings(url: str) -> bool:
    """Reads and writes booking's rows by their unqualified names, as the service does."""
    engine = create_engine(url, 1)
    try:
        async with engine.begin() as conn:
            await conn.execute(sa.text("SELECT count(*) FROM spaces"))
            await conn.execute(sa.text("UPDATE spaces SET name = name WHERE false"))
        return True
    finally:
        await engine.dispose()


async def test_the_documented_handover_keeps_old_and_new_pods_working(server: TlsPostgres):
    admin = server.admin_url("sslmode=require")
    passwords = {service: f"{service}-pw" for service in SERVICES} | {"booking": OLD}
    await provision_database(admin, passwords)
    await asyncio.to_thread(migrate, admin)
    old_pod = create_engine(service_database_url(admin, "booking", OLD), 1)
    old_session = await old_pod.connect()  # a running pod's pooled connection

    conn = await asyncpg.connect(**asyncpg_connect_args(admin))
    try:
        for statement in documented_handover_sql():
            await conn.execute(statement)
        next_url = service_database_url(admin, "booking", NEW).replace(
            "//booking:", "//booking_next:"
        )
        assert await can_use_bookings(next_url)
        # Acting as booking grants no more than booking has: no DDL in its schema.
        engine = create_engine(next_url, 1)
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            async with engine.begin() as ddl:
                await ddl.execute(sa.text("CREATE TABLE booking.intruder (id int)"))
        await engine.dispose()

        # bitc setup with a fresh password for booking: old sessions survive it.
        await provision_database(admin, passwords | {"booking": FRESH})
        assert await old_session.scalar(sa.text("SELECT 1")) == 1
        assert await can_use_bookings(service_database_url(admin, "booking", FRESH))
        with pytest.raises(sa.exc.DBAPIError, match="password authentication failed"):
            await can_use_bookings(service_database_url(admin, "booking", OLD))
        await conn.execute("DROP ROLE booking_next")
    finally:
        await old_session.close()
        await old_pod.dispose()
        await conn.close()
