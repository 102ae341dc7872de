"""Signing in at the test stack's Keycloak the way a browser does without JavaScript: open the
authorization URL, post the login form it serves, and read the code from where it sends us back.
(The browser tests fill the same form in Chromium.)

The realm's users and their dev-only password are in deploy/keycloak/bitc-realm.json.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

import httpx

from bitc.devstack.keycloak import ADMIN_USER, REALM, KeycloakEndpoints

#: Every user of the dev realm has it (docs/security.md); never a password of a real realm.
DEV_PASSWORD = "bitc-dev-only"
_LOGIN_FORM = re.compile(r'<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"', re.DOTALL)


async def sign_in(authorization_url: str, username: str, password: str = DEV_PASSWORD) -> dict:
    """The query Keycloak sends the browser back with (``code``, ``state``, ...), one value
    each; a refused password fails the test with the page's error."""
    async with httpx.AsyncClient(timeout=15, follow_redirects=False) as browser:
        page = await browser.get(authorization_url)
        assert page.status_code == 200, f"no login page: HTTP {page.status_code} {page.text[:300]}"
        form = _LOGIN_FORM.search(page.text)
        assert form is not None, f"no login form on {page.url}"
        # Keycloak marks its cookies Secure even over http; a browser sends them to 127.0.0.1
        # (a secure context), httpx's cookie jar would not, so they go back by hand.
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in browser.cookies.jar)
        answer = await browser.post(
            html.unescape(form.group(1)),
            data={"username": username, "password": password, "credentialId": ""},
            headers={"Cookie": cookies},
        )
        assert answer.status_code == 302, f"sign-in refused: {_error(answer.text)}"
        back = urlsplit(answer.headers["location"])
        return {name: values[0] for name, values in parse_qs(back.query).items()}


def _error(page: str) -> str:
    found = re.search(r'id="input-error"[^>]*>\s*([^<]+)', page)
    return found.group(1).strip() if found else page[:300]


async def other_audience_token(
    keycloak: KeycloakEndpoints, client_id: str = "bitc-tests-other"
) -> str:
    """An access token the realm issues to a client of its own (client credentials), made here
    through the admin API: same issuer and keys as the console's tokens, but no audience
    ``bitc-space-ops``, so no token for the services."""
    secret = "other-client-secret-" + client_id
    async with httpx.AsyncClient(base_url=keycloak.url, timeout=15) as http:
        admin = await http.post(
            "/realms/master/protocol/openid-connect/token",
            data={
                "grant_type": "password",
                "client_id": "admin-cli",
                "username": ADMIN_USER,
                "password": keycloak.admin_password,
            },
        )
        assert admin.status_code == 200, admin.text
        headers = {"Authorization": f"Bearer {admin.json()['access_token']}"}
        client = {
            "clientId": client_id,
            "secret": secret,
            "publicClient": False,
            "serviceAccountsEnabled": True,
            "standardFlowEnabled": False,
        }
        made = await http.post(f"/admin/realms/{REALM}/clients", json=client, headers=headers)
        assert made.status_code in (201, 409), made.text  # 409: an earlier test made it
        issued = await http.post(
            f"/realms/{REALM}/protocol/openid-connect/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
        )
        assert issued.status_code == 200, issued.text
        return str(issued.json()["access_token"])
