"""The fault tests kill and freeze Kafka, PostgreSQL and the services, so they get a platform
of their own (the native launcher on free ports, in a throwaway folder), never the session's."""

from collections.abc import AsyncIterator

import pytest

from bitc.fault_drill import Drill, drill_session


@pytest.fixture(scope="package")
async def drill() -> AsyncIterator[Drill]:
    async with drill_session() as session:
        yield session
