"""Browser tests of the console: Playwright driving Debian's chromium (never a downloaded
browser) against the suite's running platform, at a desktop width and at a 390 px phone width.
tools/ensure-test-tools installs chromium and the npm packages the pages are audited with."""

import os
import shutil
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail("the browser tests need Debian's chromium: run tools/ensure-test-tools")
    return found


@pytest.fixture(scope="session")
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        # Root (CI) cannot use chromium's sandbox; the pages under test are our own.
        browser = await playwright.chromium.launch(
            executable_path=_chromium(), headless=True, args=["--no-sandbox"]
        )
        yield browser
        await browser.close()


@pytest.fixture
def console_url(platform) -> str:
    return platform.service_urls["console"]


async def _context(chromium: Browser, console_url: str, viewport: dict) -> BrowserContext:
    context = await chromium.new_context(
        base_url=console_url, viewport=viewport, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
async def page(chromium: Browser, console_url: str) -> AsyncIterator[Page]:
    """A fresh browser (no cookies) at desktop width."""
    context = await _context(chromium, console_url, DESKTOP)
    yield await context.new_page()
    await context.close()


@pytest.fixture
async def phone(chromium: Browser, console_url: str) -> AsyncIterator[Page]:
    """A fresh browser the size of a common phone (390 by 844 px)."""
    context = await _context(chromium, console_url, PHONE)
    yield await context.new_page()
    await context.close()


@pytest.fixture
async def second_page(chromium: Browser, console_url: str) -> AsyncIterator[Page]:
    """Another person's browser, for tests where two people act at once."""
    context = await _context(chromium, console_url, DESKTOP)
    yield await context.new_page()
    await context.close()
