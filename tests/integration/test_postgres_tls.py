"""TLS to PostgreSQL the one documented way (docs/operations.md, "TLS to PostgreSQL"): sslmode
and sslrootcert in the database URL reach every connection the platform opens (a service's
engine, bitc setup and its Alembic migrations, the outbox relay's own session) against a real
server that refuses anything but TLS. Also what `bitc connection-budget --check` reads from it."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest
import sqlalchemy as sa

from bitc.cli import main
from bitc.devstack.ports import free_ports
from bitc.provision import SERVICES, migrate, provision_database, service_database_url
from shared.messaging.outbox_relay import OutboxRelay, RelayConfig
from shared.observability.metrics import ServiceMetrics
from shared.persistence.connection_budget import RELAY_CONNECTIONS, connections_per_instance
from shared.persistence.db import asyncpg_connect_args, create_engine
from tests.polling import eventually
from tests.service_apps import service_app
from tests.tls_postgres import MAX_CONNECTIONS, TlsPostgres, tls_only_postgres

pytestmark = pytest.mark.integration

PASSWORDS = {service: f"{service}-tls-password" for service in SERVICES}
# Who is connected over what, as the server sees it.
SESSIONS = """
    SELECT a.application_name, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
    WHERE a.usename = $1
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsPostgres]:
    with tls_only_postgres(tmp_path_factory.mktemp("tls-postgres")) as server:
        yield server


@pytest.fixture(scope="module")
def verify_full(server: TlsPostgres) -> str:
    return server.admin_url(f"sslmode=verify-full&sslrootcert={server.ca_file}")


@pytest.fixture(scope="module")
async def migrated(verify_full: str) -> str:
    """bitc setup's database half over verify-full: roles, schemas, Alembic migrations."""
    await provision_database(verify_full, PASSWORDS)
    await asyncio.to_thread(migrate, verify_full)
    return verify_full


async def sessions_of(admin_url: str, role: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(**asyncpg_connect_args(admin_url))
    try:
        return await conn.fetch(SESSIONS, role)
    finally:
        await conn.close()


async def test_a_plain_connection_is_refused(server: TlsPostgres) -> None:
    with pytest.raises(asyncpg.InvalidAuthorizationSpecificationError, match="no encryption"):
        await asyncpg.connect(**asyncpg_connect_args(server.admin_url("sslmode=disable")))


async def test_verify_full_refuses_a_server_certificate_of_another_ca(server: TlsPostgres) -> None:
    url = server.admin_url(f"sslmode=verify-full&sslrootcert={server.foreign_ca_file}")
    with pytest.raises(OSError, match="certificate verify failed"):
        await asyncpg.connect(**asyncpg_connect_args(url))


async def test_setup_migrates_every_schema_over_verify_full(migrated: str) -> None:
    conn = await asyncpg.connect(**asyncpg_connect_args(migrated))
    try:
        versions = [
            await conn.fetchval(f"SELECT version_num FROM {service}.alembic_version")
            for service in SERVICES
        ]
    finally:
        await conn.close()
    assert all(versions), versions


@pytest.mark.parametrize("mode", ["require", "verify-full"])
async def test_a_services_engine_connects_over_tls(
    server: TlsPostgres, migrated: str, mode: str
) -> None:
    query = f"sslmode={mode}&sslrootcert={server.ca_file}" if mode == "verify-full" else ""
    admin_url = server.admin_url(query or f"sslmode={mode}")
    url = service_database_url(admin_url, "booking", PASSWORDS["booking"])
    engine = create_engine(url, 1)
    try:
        async with engine.connect() as conn:
            ssl_in_use = await conn.scalar(
                sa.text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            )
    finally:
        await engine.dispose()
    assert ssl_in_use is True


async def test_a_service_is_ready_on_a_tls_database(server: TlsPostgres, migrated: str) -> None:
    [nobody_listens] = free_ports(1)
    url = service_database_url(
        server.admin_url(f"sslmode=verify-full&sslrootcert={server.ca_file}"),
        "tenancy",
        PASSWORDS["tenancy"],
    )
    app = service_app(
        "tenancy", database_url=url, kafka_bootstrap_servers=f"127.0.0.1:{nobody_listens}"
    )
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as http:
            answer = await http.get("/health/ready")
    finally:
        await app.state.runtime.engine.dispose()
    assert answer.status_code == 200
    assert answer.json()["checks"]["database"] == "ok"


@contextlib.asynccontextmanager
async def running(relay: OutboxRelay) -> AsyncIterator[None]:
    task = asyncio.create_task(relay.run())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_the_outbox_relay_takes_its_lock_over_tls(server: TlsPostgres, migrated: str) -> None:
    [nobody_listens] = free_ports(1)
    url = service_database_url(
        server.admin_url(f"sslmode=verify-full&sslrootcert={server.ca_file}"),
        "notifications",
        PASSWORDS["notifications"],
    )
    config = RelayConfig(
        database_url=url,
        schema="notifications",
        bootstrap_servers=f"127.0.0.1:{nobody_listens}",
        client_id="tls-test-relay",
        poll_interval_s=0.2,
    )
    relay = OutboxRelay(config, ServiceMetrics())
    async with running(relay):
        await eventually(lambda: asyncio.sleep(0, relay.role), until="leader".__eq__)
        sessions = await sessions_of(migrated, "notifications")
    assert ("bitc-outbox-relay", True) in [tuple(row) for row in sessions]


async def test_an_instance_holds_at_most_twice_its_pool(server: TlsPostgres, migrated: str) -> None:
    url = service_database_url(server.admin_url("sslmode=require"), "booking", PASSWORDS["booking"])
    engine = create_engine(url, 2)
    async with contextlib.AsyncExitStack() as held:
        for _ in range(4):
            await held.enter_async_context(engine.connect())
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(1):
                await engine.connect()
        sessions = await sessions_of(migrated, "booking")
    await engine.dispose()
    # The engine's share of connections_per_instance: all but the relay's session.
    assert len(sessions) == connections_per_instance(2) - RELAY_CONNECTIONS == 4
    assert {tuple(row) for row in sessions} == {("bitc", True)}


@pytest.mark.parametrize(("replicas", "fits"), [(1, True), (6, False)])
def test_connection_budget_check_reads_the_servers_max_connections(
    verify_full: str,
    replicas: int,
    fits: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ADMIN_DATABASE_URL", verify_full)
    command = ["connection-budget", "--replicas", str(replicas), "--pool-size", "2", "--check"]
    if fits:
        main(command)  # 3 x (1 + 1) x 5 + 1 + 3 = 34
    else:
        with pytest.raises(SystemExit, match="raise max_connections to 144"):
            main(command)  # 3 x (6 + 1) x 5 + 1 + 3 = 109
    assert f"the server's max_connections: {MAX_CONNECTIONS}" in capsys.readouterr().out
