"""Signing in to the console through the city's SSO, in Chromium against the real Keycloak with
the repo's realm: the console sends the person to the realm's login form, takes them back
signed in with their roles, and signing out ends the SSO session too."""

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import Page, expect

from bitc.devstack import DevStack
from bitc.devstack.keycloak import KeycloakEndpoints
from bitc.devstack.keycloak_admin import KeycloakAdmin
from bitc.platform import RunningPlatform, console_sso_env
from shared.auth.access import Role
from tests.browser.page_checks import check_page
from tests.e2e.api_steps import register
from tests.keycloak_login import DEV_PASSWORD


@pytest.fixture(scope="module")
async def console_with_sso(
    stack: DevStack, platform: RunningPlatform, keycloak: KeycloakEndpoints
) -> AsyncIterator[str]:
    """The platform's console restarted to offer the SSO (and the services to trust it); put
    back as it was afterwards, so other tests meet the console they expect."""
    url = platform.service_urls["console"]
    before = {name: stack.table.get(name) for name in ("tenancy", "booking", "console")}
    for name, record in before.items():
        assert record is not None
        sso = await console_sso_env(keycloak, url) if name == "console" else {}
        await stack.restart_service(name, record.env | keycloak.service_env() | sso)
    yield url
    for name, record in before.items():
        await stack.restart_service(name, record.env)


async def sign_in_at_keycloak(page: Page, username: str) -> None:
    await page.locator("#username").fill(username)
    await page.locator("#password").fill(DEV_PASSWORD)
    await page.locator("#kc-login").click()
    await page.wait_for_load_state()


async def test_a_manager_signs_in_through_the_sso_and_out_of_it_again(page, console_with_sso):
    await page.goto("/sign-in?next=/staff/tenants")
    await check_page(page, "sign-in-sso")

    await page.get_by_role("link", name="Masuk dengan SSO Kota Cimahi").click()
    await expect(page.locator("#kc-login")).to_be_visible()  # Keycloak's own login form
    await sign_in_at_keycloak(page, "dewi.manager")

    await expect(page).to_have_url(re.compile(re.escape(console_with_sso) + "/staff/tenants"))
    await expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    await expect(page.get_by_role("navigation", name="Menu utama")).to_contain_text("Tenant")

    await page.get_by_role("button", name="Keluar").click()
    await page.wait_for_load_state()
    await expect(page).to_have_url(re.compile(re.escape(console_with_sso) + "/?$"))
    await expect(page.get_by_role("link", name="Masuk")).to_be_visible()

    # The SSO session ended too: signing in again asks for the password again.
    await page.goto("/sign-in/sso")
    await expect(page.locator("#kc-login")).to_be_visible()


async def test_a_tenant_member_signed_in_through_the_sso_sees_only_tenant_pages(
    page, console_with_sso, keycloak, platform, tokens
):
    admin_headers = tokens.headers(Role.admin, subject="browser-admin")
    async with httpx.AsyncClient(
        base_url=platform.service_urls["tenancy"], headers=admin_headers, timeout=10
    ) as tenancy:
        tenant = await register(tenancy, activate=True)
    async with KeycloakAdmin(keycloak) as admin:
        await admin.set_tenant("rina.member", tenant)

    await page.goto("/sign-in/sso?next=/staff/tenants")
    await sign_in_at_keycloak(page, "rina.member")

    await expect(page.get_by_role("alert")).to_contain_text("Peran Anda tidak boleh membuka")
    await expect(page.get_by_role("navigation", name="Menu utama")).not_to_contain_text("Tenant")


async def test_a_callback_that_belongs_to_no_sign_in_is_refused(page, console_with_sso):
    answer = await page.goto("/sign-in/callback?code=made-up&state=made-up")

    assert answer is not None
    assert answer.status == 400
    await expect(page.get_by_role("alert")).to_have_text("Gagal masuk. Silakan coba lagi.")
    await expect(page.get_by_role("button", name="Keluar")).to_have_count(0)
