"""The console's frame against the running platform: signed-out visitors see the catalogue in
Bahasa Indonesia, forms without their CSRF token are refused, the dev sign-in gives a session
cookie scripts cannot read, the language switch sticks, and signing out ends the session."""

import html
import re

import httpx
import pytest

from tests.e2e.api_steps import space_id

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
async def browser(platform):
    async with httpx.AsyncClient(base_url=platform.service_urls["console"], timeout=15) as client:
        yield client


def csrf_of(page: httpx.Response) -> str:
    found = CSRF.search(page.text)
    assert found, f"no form token on {page.url}"
    return found.group(1)


async def sign_in_as(browser: httpx.AsyncClient, role: str, tenant_id: str = "") -> None:
    form = await browser.get("/sign-in/dev")
    answer = await browser.post(
        "/sign-in/dev",
        data={"csrf_token": csrf_of(form), "role": role, "tenant_id": tenant_id, "next": "/"},
    )
    assert answer.status_code == 303, answer.text


async def test_a_signed_out_visitor_sees_the_spaces_and_a_week_of_one_in_bahasa_indonesia(
    browser, api
):
    _, booking, _ = api
    music_room = await space_id(booking)
    name = (await booking.get(f"/spaces/{music_room}")).json()["name"]

    sites = await browser.get("/")
    space = await browser.get(f"/spaces/{music_room}")

    assert sites.status_code == 200
    assert '<html lang="id">' in sites.text
    assert "Masuk" in sites.text  # "Sign in", in the default language
    assert space.status_code == 200
    assert html.escape(name) in space.text
    assert "Senin" in space.text  # Monday: the week is drawn in the visitor's language


async def test_a_form_without_its_token_is_refused_and_nothing_is_signed_in(browser):
    answer = await browser.post("/sign-in/dev", data={"role": "manager", "next": "/"})

    assert answer.status_code == 403
    assert "bitc_console_session" not in answer.headers.get("set-cookie", "")


async def test_the_dev_sign_in_sets_a_session_cookie_scripts_cannot_read(browser):
    form = await browser.get("/sign-in/dev")
    answer = await browser.post(
        "/sign-in/dev", data={"csrf_token": csrf_of(form), "role": "manager", "next": "/"}
    )

    cookie = next(
        value
        for name, value in answer.headers.multi_items()
        if name == "set-cookie" and value.startswith("bitc_console_session=")
    ).lower()
    assert answer.status_code == 303
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/" in cookie
    signed_in = await browser.get("/")
    assert "Keluar" in signed_in.text  # "Sign out"


async def test_a_tenant_role_without_a_tenant_is_asked_for_one(browser):
    form = await browser.get("/sign-in/dev")
    answer = await browser.post(
        "/sign-in/dev", data={"csrf_token": csrf_of(form), "role": "tenant_member", "next": "/"}
    )

    assert answer.status_code == 422
    assert 'role="alert"' in answer.text


async def test_the_language_switch_turns_the_pages_english_and_stays_after_signing_in(browser):
    page = await browser.get("/")
    switched = await browser.post(
        "/language", data={"csrf_token": csrf_of(page), "language": "en", "next": "/"}
    )
    assert switched.status_code == 303
    await sign_in_as(browser, "manager")

    english = await browser.get("/")

    assert '<html lang="en">' in english.text
    assert "Sign out" in english.text


async def test_signing_out_ends_the_session_on_the_server(browser):
    await sign_in_as(browser, "admin")
    token = browser.cookies.get("bitc_console_session")
    page = await browser.get("/")

    out = await browser.post("/sign-out", data={"csrf_token": csrf_of(page)})

    assert out.status_code == 303
    browser.cookies.set("bitc_console_session", token)  # a stolen copy of the old cookie
    after = await browser.get("/")
    assert "Masuk" in after.text
    assert "Keluar" not in after.text
