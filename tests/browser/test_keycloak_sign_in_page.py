"""The harness itself, proven on the one page that exists before the console: the test realm's
Keycloak login form, in Debian's Chromium, audited by axe, filled in like a person would, and
left on the console's callback with a code the console can exchange."""

import asyncio
import re
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.async_api import Browser, Page

from bitc.devstack.keycloak import KeycloakEndpoints
from bitc.devstack.keycloak_admin import KeycloakAdmin
from services.console.adapters.sso import SingleSignOn
from tests.browser.conftest import DESKTOP
from tests.browser.page_checks import assert_accessible, screenshot
from tests.keycloak_login import DEV_PASSWORD

# The first test here may start Keycloak: a cold cache fetches and builds it, and its first
# start creates its database and imports the realm (minutes on a busy machine).
pytestmark = pytest.mark.timeout(900)


@pytest.fixture
async def desktop(chromium: Browser) -> AsyncIterator[Page]:
    """A fresh browser at desktop size, not bound to the console (this page is Keycloak's)."""
    context = await chromium.new_context(viewport=DESKTOP, locale="id-ID")
    yield await context.new_page()
    await context.close()


@pytest.fixture(scope="module")
async def callback(keycloak: KeycloakEndpoints) -> AsyncIterator[str]:
    """Where the console's callback will be: here a bare HTTP listener on a free port (the
    browser cannot be routed past a redirect), registered with the realm's console client."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        body = b"<!doctype html><title>callback</title>"
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}"
        writer.write(head.encode() + b"\r\nConnection: close\r\n\r\n" + body)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/sign-in/callback"
    async with KeycloakAdmin(keycloak) as admin:
        await admin.allow_redirect_uri(url)
    async with server:
        yield url


@pytest.fixture(scope="module")
async def sso(keycloak: KeycloakEndpoints) -> SingleSignOn:
    async with KeycloakAdmin(keycloak) as admin:
        return SingleSignOn(keycloak.issuer, "bitc-console", await admin.client_secret())


async def test_a_manager_signs_in_through_the_keycloak_form_in_chromium(desktop, sso, callback):
    start = await sso.begin(callback)
    await desktop.goto(start.url)

    # Keycloak's own page is not ours to fix: only the console's must pass assert_accessible.
    await screenshot(desktop, "sign-in-keycloak")

    await desktop.locator("#username").fill("dewi.manager")
    await desktop.locator("#password").fill(DEV_PASSWORD)
    async with desktop.expect_navigation(url=re.compile(re.escape(callback) + r"\?")):
        await desktop.locator("#kc-login").click()

    back = parse_qs(urlsplit(desktop.url).query)
    start.check_state(back["state"][0])
    tokens = await sso.finish(back["code"][0], start, callback)
    assert tokens.claims["preferred_username"] == "dewi.manager"


async def test_assert_accessible_names_each_serious_violation_and_passes_a_clean_page(desktop):
    await desktop.set_content(
        '<html lang="id"><title>t</title><main><h1>Ruang</h1>'
        '<img src="data:,"><button></button></main></html>'
    )
    with pytest.raises(AssertionError) as failed:
        await assert_accessible(desktop)
    assert "image-alt (critical)" in str(failed.value)
    assert "button-name (critical)" in str(failed.value)

    await desktop.set_content(
        '<html lang="id"><title>t</title><main><h1>Ruang</h1>'
        '<img src="data:," alt="Denah"><button>Pesan</button></main></html>'
    )
    await assert_accessible(desktop)
