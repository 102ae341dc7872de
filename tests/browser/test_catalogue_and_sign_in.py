"""The public catalogue and the sign-in pages in a real browser: accessible, readable on a phone,
in Bahasa Indonesia until the visitor switches to English."""

from playwright.async_api import Page, expect

from tests.browser.page_checks import (
    assert_fits_the_width,
    check_page,
    sign_in_as,
)


async def catalogue_urls(page: Page) -> tuple[str, str]:
    """A site's page and its first space's page, found by following the links."""
    await page.goto("/")
    site = await page.locator("main .card-list a").first.get_attribute("href")
    await page.goto(site)
    space = await page.locator("main a[href^='/spaces/']").first.get_attribute("href")
    return site, space


async def test_the_catalogue_pages_pass_the_audit_at_desktop_and_phone_width(page, phone):
    site, space = await catalogue_urls(page)
    pages = (("/", "catalogue-sites"), (site, "catalogue-spaces"), (space, "catalogue-space"))
    for url, name in pages:
        await page.goto(url)
        await expect(page.locator("h1")).to_have_count(1)
        await check_page(page, name)
        await phone.goto(url)
        await assert_fits_the_width(phone)
        await check_page(phone, f"{name}-phone")


async def test_the_sign_in_pages_pass_the_audit(page):
    for url, name in (("/sign-in", "sign-in"), ("/sign-in/dev", "sign-in-dev")):
        await page.goto(url)
        await check_page(page, name)


async def test_a_visitor_switches_to_english_and_back_by_keyboard_alone(page):
    await page.goto("/")
    await expect(page.locator("html")).to_have_attribute("lang", "id")

    await page.keyboard.press("Tab")  # the skip link comes first
    await expect(page.locator(".skip-link")).to_be_focused()
    await page.focus("#language-choice")
    await page.select_option("#language-choice", "en")
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")
    await page.wait_for_load_state()

    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.get_by_role("link", name="Sign in")).to_be_visible()


async def test_signing_in_and_out_through_the_dev_page(page):
    await sign_in_as(page, "manager")
    await expect(page.get_by_role("button", name="Keluar")).to_be_visible()

    await page.get_by_role("button", name="Keluar").click()
    await page.wait_for_load_state()

    await expect(page.get_by_role("link", name="Masuk")).to_be_visible()
