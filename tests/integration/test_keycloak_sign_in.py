"""The console's sign-in (services/console/adapters/sso.py) against the real Keycloak with the
repo's realm: authorization code with PKCE through the realm's own login form, ID token checked,
access token read by shared/auth the way the services read it."""

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest

from bitc.devstack.keycloak import KeycloakEndpoints
from bitc.devstack.keycloak_admin import KeycloakAdmin
from services.console.adapters.sso import SignInFailed, SingleSignOn
from shared.auth.principal import Role
from shared.auth.settings import AuthSettings
from shared.auth.tokens import InvalidToken, TokenVerifier
from tests.keycloak_login import other_audience_token, sign_in

# The first test here may start Keycloak: a cold cache fetches and builds it, and its first
# start creates its database and imports the realm (minutes on a busy machine).
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

#: Among the console client's redirect URIs in the realm; nothing needs to listen there, the
#: login helper reads the code from Keycloak's redirect.
CALLBACK = "http://127.0.0.1:8004/sign-in/callback"
LEAD_TENANT = uuid.uuid4()


@pytest.fixture(scope="module")
async def sso(keycloak: KeycloakEndpoints) -> SingleSignOn:
    async with KeycloakAdmin(keycloak) as admin:
        secret = await admin.client_secret()
        await admin.set_tenant("asep.lead", LEAD_TENANT)
    return SingleSignOn(keycloak.issuer, "bitc-console", secret)


def _verifier(keycloak: KeycloakEndpoints) -> TokenVerifier:
    return TokenVerifier(AuthSettings(issuer=keycloak.issuer, jwks_url=keycloak.jwks_url))


async def test_a_community_lead_signs_in_with_pkce_and_gets_its_roles_and_tenant(sso, keycloak):
    start = await sso.begin(CALLBACK)
    asked = parse_qs(urlsplit(start.url).query)
    assert asked["code_challenge_method"] == ["S256"]
    assert asked["nonce"] == [start.nonce]
    assert asked["redirect_uri"] == [CALLBACK]

    back = await sign_in(start.url, "asep.lead")
    start.check_state(back["state"])
    tokens = await sso.finish(back["code"], start, CALLBACK)

    assert tokens.claims["preferred_username"] == "asep.lead"
    assert tokens.claims["nonce"] == start.nonce
    assert tokens.claims["bitc_tenant_id"] == str(LEAD_TENANT)
    assert tokens.refresh
    assert datetime.now(UTC) < tokens.expires_at <= datetime.now(UTC) + timedelta(minutes=5)
    principal = await _verifier(keycloak).principal(tokens.access)
    assert Role.community_lead in principal.roles
    assert principal.tenant_id == LEAD_TENANT
    assert principal.username == "asep.lead"


async def test_staff_tokens_carry_the_staff_role_and_no_tenant(sso, keycloak):
    start = await sso.begin(CALLBACK)
    tokens = await sso.finish((await sign_in(start.url, "dewi.manager"))["code"], start, CALLBACK)
    principal = await _verifier(keycloak).principal(tokens.access)
    assert Role.manager in principal.roles
    assert principal.tenant_id is None
    assert not principal.tenant_bound


async def test_refresh_gives_new_tokens_until_the_sso_session_ends(sso, keycloak):
    start = await sso.begin(CALLBACK)
    tokens = await sso.finish((await sign_in(start.url, "asep.lead"))["code"], start, CALLBACK)

    refreshed = await sso.refresh(tokens.refresh)
    assert refreshed.access != tokens.access
    assert refreshed.claims["sub"] == tokens.claims["sub"]
    principal = await _verifier(keycloak).principal(refreshed.access)
    assert principal.tenant_id == LEAD_TENANT

    url = await sso.end_session_url(refreshed.id_token, "http://127.0.0.1:8004/")
    assert url.startswith(f"{keycloak.issuer}/protocol/openid-connect/logout?")
    async with httpx.AsyncClient(timeout=10) as browser:
        ended = await browser.get(url)
    assert ended.status_code == 302, ended.text[:300]
    assert ended.headers["location"] == "http://127.0.0.1:8004/"
    with pytest.raises(SignInFailed, match="refused the refresh"):
        await sso.refresh(refreshed.refresh)


async def test_a_made_up_or_reused_code_is_refused(sso):
    start = await sso.begin(CALLBACK)
    with pytest.raises(SignInFailed, match="refused the code"):
        await sso.finish("not-a-code-keycloak-issued", start, CALLBACK)

    code = (await sign_in(start.url, "asep.lead"))["code"]
    await sso.finish(code, start, CALLBACK)
    with pytest.raises(SignInFailed, match="refused the code"):
        await sso.finish(code, start, CALLBACK)


async def test_a_way_back_from_another_sign_in_is_refused(sso):
    ours, theirs = await sso.begin(CALLBACK), await sso.begin(CALLBACK)
    back = await sign_in(theirs.url, "asep.lead")

    with pytest.raises(SignInFailed, match="another state"):
        ours.check_state(back["state"])
    with pytest.raises(SignInFailed, match="another state"):
        ours.check_state(None)
    # Even past a caller that forgot the state: the code is bound to their PKCE verifier.
    with pytest.raises(SignInFailed, match="refused the code"):
        await sso.finish(back["code"], ours, CALLBACK)


async def test_a_wrong_password_is_refused_by_the_login_form(sso):
    start = await sso.begin(CALLBACK)
    with pytest.raises(AssertionError, match="sign-in refused"):
        await sign_in(start.url, "asep.lead", "not-the-password")


async def test_access_tokens_for_another_audience_are_refused_by_shared_auth(keycloak):
    """A token the same realm issues to another client is no token for the services."""
    token = await other_audience_token(keycloak)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["iss"] == keycloak.issuer
    assert "bitc-space-ops" not in str(claims.get("aud"))
    with pytest.raises(InvalidToken):
        await _verifier(keycloak).principal(token)
