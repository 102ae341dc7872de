import httpx
import pytest

from shared.auth.access import Role


@pytest.fixture
async def api(platform, tokens):
    """Clients of the three services, signed in as admin (tests of roles send their own)."""
    urls = platform.service_urls
    admin = tokens.headers(Role.admin, subject="e2e-admin")
    async with (
        httpx.AsyncClient(base_url=urls["tenancy"], timeout=10, headers=admin) as tenancy,
        httpx.AsyncClient(base_url=urls["booking"], timeout=10, headers=admin) as booking,
        httpx.AsyncClient(base_url=urls["notifications"], timeout=10, headers=admin) as notifs,
    ):
        yield tenancy, booking, notifs
