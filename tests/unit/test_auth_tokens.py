"""Token verification against an SSO's JWKS served over real HTTP: what is trusted and what not."""

import asyncio
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from bitc.devstack.dev_keys import DevSigningKey
from shared.auth import tokens
from shared.auth.access import AuthSettings, Role
from shared.auth.tokens import InvalidToken, TokenVerifier
from tests.polling import eventually

ISSUER = "https://sso.example/realms/bitc"
AUDIENCE = "bitc-space-ops"


class SigningKey:
    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self) -> dict:
        return RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True) | {
            "kid": self.kid,
            "use": "sig",
        }

    def sign(self, **overrides) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "f3c2-user",
            "iat": now,
            "exp": now + 300,
            "preferred_username": "rina",
            "realm_access": {"roles": ["manager", "offline_access"]},
        } | overrides
        # An override of None leaves the claim out.
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, self.private, "RS256", headers={"kid": self.kid})


class JwksServer:
    """A real HTTP server publishing a key set, like the SSO's certs endpoint."""

    def __init__(self) -> None:
        self.keys: list[dict] = []
        self.fetches = 0
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                served.fetches += 1
                body = json.dumps({"keys": served.keys}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/certs"


@pytest.fixture(scope="module")
def sso_key() -> SigningKey:
    return SigningKey("sso-1")


@pytest.fixture
def jwks(sso_key: SigningKey) -> Iterator[JwksServer]:
    server = JwksServer()
    server.keys = [sso_key.jwk()]
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def production(jwks: JwksServer, **overrides) -> TokenVerifier:
    settings = {"issuer": ISSUER, "jwks_url": jwks.url, "jwks_refetch_min_s": 0} | overrides
    return TokenVerifier(AuthSettings(**settings))


async def test_a_keycloak_token_names_the_user_roles_and_tenant(jwks, sso_key):
    tenant = uuid.uuid4()
    token = sso_key.sign(bitc_tenant_id=str(tenant))
    principal = await production(jwks).principal(token)
    # Roles the platform does not know (Keycloak's offline_access) grant nothing.
    assert principal.roles == {Role.manager}
    assert (principal.tenant_id, principal.actor, principal.subject) == (
        tenant,
        "rina",
        "f3c2-user",
    )


async def test_roles_may_come_from_a_plain_roles_claim(jwks, sso_key):
    token = sso_key.sign(roles=["integrator"], realm_access={})
    principal = await production(jwks, roles_claim="roles").principal(token)
    assert principal.roles == {Role.integrator}
    assert principal.actor == "rina"


async def test_an_integrator_of_a_sponsoring_agency_is_known_by_its_claim(jwks, sso_key):
    token = sso_key.sign(roles=["integrator"], bitc_sponsor_agency="Dispudpar")
    principal = await production(jwks, roles_claim="roles").principal(token)
    assert principal.sponsor_agency == "Dispudpar"
    assert (await production(jwks).principal(sso_key.sign())).sponsor_agency is None


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({"exp": int(time.time()) - 120}, "expired"),
        ({"iat": int(time.time()) + 600}, "not yet valid"),
        ({"aud": "another-app"}, "Audience"),
        ({"iss": "https://evil.example/realms/bitc"}, "untrusted issuer"),
        ({"sub": None}, "sub"),
        ({"exp": None}, "exp"),
    ],
)
async def test_tokens_failing_a_check_are_refused(jwks, sso_key, claims, why):
    with pytest.raises(InvalidToken, match=why):
        await production(jwks).principal(sso_key.sign(**claims))


async def test_clock_skew_within_the_leeway_is_tolerated(jwks, sso_key):
    now = int(time.time())
    just_expired = sso_key.sign(exp=now - 10)
    a_clock_ahead = sso_key.sign(iat=now + 10)
    verifier = production(jwks, leeway_s=30)
    assert (await verifier.principal(just_expired)).roles == {Role.manager}
    assert (await verifier.principal(a_clock_ahead)).roles == {Role.manager}
    with pytest.raises(InvalidToken):
        await production(jwks, leeway_s=0).principal(just_expired)


async def test_a_signature_by_another_key_under_a_known_key_id_is_refused(jwks, sso_key):
    forger = SigningKey(sso_key.kid)
    with pytest.raises(InvalidToken, match="Signature"):
        await production(jwks).principal(forger.sign())


async def test_an_unsigned_token_is_refused(jwks, sso_key):
    claims = jwt.decode(sso_key.sign(), options={"verify_signature": False})
    unsigned = jwt.encode(claims, None, "none", headers={"kid": sso_key.kid})
    with pytest.raises(InvalidToken):
        await production(jwks).principal(unsigned)


async def test_an_unknown_key_id_is_refused_and_a_rotated_key_accepted(jwks, sso_key):
    verifier = production(jwks)
    assert (await verifier.principal(sso_key.sign())).roles == {Role.manager}
    successor = SigningKey("sso-2")
    with pytest.raises(InvalidToken, match="unknown key id"):
        await verifier.principal(successor.sign())

    # The SSO rotates: the new key is published, and is picked up without a restart.
    jwks.keys = [successor.jwk(), sso_key.jwk()]
    assert (await verifier.principal(successor.sign())).actor == "rina"


async def test_known_keys_are_served_from_the_cache(jwks, sso_key):
    verifier = production(jwks)
    for _ in range(5):
        await verifier.principal(sso_key.sign())
    assert jwks.fetches == 1


async def _refused(verifier: TokenVerifier, token: str) -> bool:
    try:
        await verifier.principal(token)
    except InvalidToken:
        return True
    return False


async def test_a_remembered_token_is_refused_once_it_expires(jwks, sso_key):
    verifier = production(jwks, leeway_s=0)
    token = sso_key.sign(exp=int(time.time()) + 2)
    assert not await _refused(verifier, token)
    assert not await _refused(verifier, token), "remembered, and still valid"
    await eventually(lambda: _refused(verifier, token), until=bool, timeout=10)


async def test_a_withdrawn_key_stops_being_honoured_when_its_tokens_are_checked_again(
    jwks, sso_key, monkeypatch
):
    monkeypatch.setattr(tokens, "REVERIFY_AFTER_S", 0.5)
    verifier = production(jwks, jwks_cache_s=0.1)
    token = sso_key.sign()
    assert not await _refused(verifier, token)

    jwks.keys = [SigningKey("sso-2").jwk()]  # the SSO withdraws the key that signed it
    await eventually(lambda: _refused(verifier, token), until=bool, timeout=10)


def _dev_key(tmp_path: Path) -> DevSigningKey:
    return DevSigningKey(tmp_path).ensure()


async def test_a_dev_token_is_trusted_in_development(tmp_path):
    key = _dev_key(tmp_path)
    tenant = uuid.uuid4()
    token = key.mint([Role.tenant_member], tenant_id=tenant, subject="siti")
    principal = await TokenVerifier(key.settings()).principal(token)
    assert (principal.roles, principal.tenant_id, principal.actor) == (
        {Role.tenant_member},
        tenant,
        "siti",
    )


async def test_production_refuses_the_dev_key_even_when_its_keys_are_published(
    tmp_path, jwks, sso_key
):
    key = _dev_key(tmp_path)
    token = key.mint([Role.admin])
    # Configured like production, but with the dev key's file given: it is not read.
    with pytest.raises(InvalidToken, match="untrusted issuer"):
        await production(jwks, dev_jwks_file=key.jwks_path).principal(token)
    # Even an SSO whose JWKS carried the dev key, for a token claiming the SSO as issuer.
    jwks.keys = [sso_key.jwk(), *json.loads(key.jwks_path.read_text())["keys"]]
    forged = jwt.encode(
        jwt.decode(token, options={"verify_signature": False}) | {"iss": ISSUER},
        key.key_path.read_bytes(),
        "ES256",
        headers={"kid": jwt.get_unverified_header(token)["kid"]},
    )
    with pytest.raises(InvalidToken, match="dev key"):
        await production(jwks).principal(forged)


async def test_garbage_is_refused(jwks):
    with pytest.raises(InvalidToken, match="malformed"):
        await production(jwks).principal("not-a-jwt")


def test_half_an_sso_configuration_is_refused_at_start():
    with pytest.raises(ValueError, match="AUTH_ISSUER and AUTH_JWKS_URL"):
        AuthSettings(issuer=ISSUER)


async def test_requests_arriving_with_a_stale_cache_share_one_fetch(jwks, sso_key):
    verifier = production(jwks)
    token = sso_key.sign()
    await asyncio.gather(*(verifier.principal(token) for _ in range(10)))
    assert jwks.fetches == 1
