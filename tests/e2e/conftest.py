import httpx
import pytest


@pytest.fixture
async def api(platform):
    urls = platform.service_urls
    async with (
        httpx.AsyncClient(base_url=urls["tenancy"], timeout=10) as tenancy,
        httpx.AsyncClient(base_url=urls["booking"], timeout=10) as booking,
        httpx.AsyncClient(base_url=urls["notifications"], timeout=10) as notifications,
    ):
        yield tenancy, booking, notifications
