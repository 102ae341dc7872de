"""A pod never serves on a schema older than its build needs (docs/operations.md, "Upgrade"):
`bitc wait-for-schema` (each Deployment's init container) waits until the migration has run,
and readiness says "schema behind" until then. Against a database of the real PostgreSQL
migrated only part of the way."""

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import pytest

from bitc.schema_wait import wait_until_migrated
from services.booking.bootstrap import create_app
from services.booking.settings import Settings
from shared.persistence.migrations import upgrade
from shared.persistence.schema_version import RequiredSchema
from tests.fresh_database import fresh_database as new_database
from tests.fresh_database import login_url
from tests.polling import eventually, within

pytestmark = pytest.mark.integration


@pytest.fixture
async def fresh_database(infra) -> AsyncIterator[str]:
    async with new_database(infra.admin_dsn) as url:
        yield url


async def _migrate(url: str, revision: str) -> None:
    await asyncio.to_thread(upgrade, "booking", url, revision)


async def test_the_wait_gives_up_with_the_reason_while_the_schema_is_behind(fresh_database):
    said: list[str] = []
    url = login_url(fresh_database, "booking")
    never = await wait_until_migrated("booking", url, 0.0, said.append)
    assert never == "the booking schema has no migrations yet: run bitc setup"

    await _migrate(fresh_database, "0003")
    behind = await wait_until_migrated("booking", url, 0.0, said.append)
    head = RequiredSchema.of("booking").head
    assert behind == (
        f"the booking schema is at migration 0003, this build needs {head}: "
        "run bitc setup of this release"
    )
    assert said == [f"booking: waiting: {never}", f"booking: waiting: {behind}"]


async def test_the_wait_ends_once_setup_has_migrated(fresh_database):
    await _migrate(fresh_database, "0003")
    said: list[str] = []
    waiting = asyncio.create_task(
        wait_until_migrated("booking", login_url(fresh_database, "booking"), 60.0, said.append)
    )
    await eventually(
        lambda: asyncio.sleep(0, result=said), until=bool, what="the wait finding the schema behind"
    )
    assert not waiting.done()
    await _migrate(fresh_database, "head")
    assert await within(60.0, waiting) is None
    head = RequiredSchema.of("booking").head
    assert said[0].startswith("booking: waiting: the booking schema is at migration 0003")
    assert said[-1] == f"booking: the schema is at or past migration {head}"


async def _schema_check(url: str, infra) -> tuple[int, str]:
    settings = Settings(database_url=url, kafka_bootstrap_servers=infra.kafka_bootstrap)
    app = create_app(settings)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://booking"
        ) as client:
            answer = await client.get("/health/ready")
    finally:
        await app.state.runtime.engine.dispose()
    return answer.status_code, answer.json()["checks"]["schema"]


async def test_readiness_reports_a_schema_behind_and_is_ready_once_migrated(fresh_database, infra):
    url = login_url(fresh_database, "booking")
    await _migrate(fresh_database, "0005")
    status, schema = await _schema_check(url, infra)
    head = RequiredSchema.of("booking").head
    assert (status, schema) == (
        503,
        f"failed: the booking schema is at migration 0005, this build needs {head}: "
        "run bitc setup of this release",
    )
    await _migrate(fresh_database, "head")
    # Only the schema is asked about here: the app's Kafka client is not started.
    assert (await _schema_check(url, infra))[1] == "ok"


async def _init_container(url: str) -> subprocess.CompletedProcess[str]:
    """The init container's command, with the service's DATABASE_URL as its Secret gives it."""
    command = [sys.executable, "-m", "bitc.cli", "wait-for-schema", "booking", "--timeout", "0"]
    env = {**os.environ, "DATABASE_URL": url}
    return await asyncio.to_thread(
        subprocess.run, command, env=env, capture_output=True, text=True, timeout=120
    )


async def test_the_init_container_fails_on_a_schema_behind_and_passes_once_migrated(
    fresh_database,
):
    url = login_url(fresh_database, "booking")
    await _migrate(fresh_database, "0006")
    behind = await _init_container(url)
    assert behind.returncode == 1
    assert "the booking schema is at migration 0006" in behind.stderr
    await _migrate(fresh_database, "head")
    migrated = await _init_container(url)
    assert migrated.returncode == 0, migrated.stderr
    assert "booking: the schema is at or past migration" in migrated.stdout
