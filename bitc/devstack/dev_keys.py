"""The dev stack's own token signer: a key pair made once per state folder, whose public half
the local services trust (``AUTH_DEVELOPMENT``) so ``bitc token`` and the tests can sign in
without an SSO. A production service never trusts it (shared/auth/tokens.py).
"""

import json
import secrets
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from shared.auth.principal import Role
from shared.auth.settings import DEV_ISSUER, DEV_KEY_ID_PREFIX, AuthSettings

_ALGORITHM = "ES256"
DEFAULT_TTL_S = 8 * 3600


class DevSigningKey:
    def __init__(self, state_dir: Path) -> None:
        self.folder = state_dir / "auth"
        self.key_path = self.folder / "dev-signing-key.pem"
        self.jwks_path = self.folder / "dev-jwks.json"

    def ensure(self) -> "DevSigningKey":
        """Makes the key pair unless this state folder has one (tokens minted before stay valid)."""
        if self.key_path.exists() and self.jwks_path.exists():
            return self
        self.folder.mkdir(parents=True, exist_ok=True)
        private = ec.generate_private_key(ec.SECP256R1())
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self.key_path.touch(mode=0o600)
        self.key_path.write_bytes(pem)
        public = ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
        public |= {"kid": DEV_KEY_ID_PREFIX + secrets.token_hex(8), "use": "sig", "alg": _ALGORITHM}
        self.jwks_path.write_text(json.dumps({"keys": [public]}, indent=2))
        return self

    def service_env(self) -> dict[str, str]:
        """What a local service needs to trust this key."""
        return {"AUTH_DEVELOPMENT": "true", "AUTH_DEV_JWKS_FILE": str(self.jwks_path)}

    def settings(self) -> AuthSettings:
        """The same, for a service app built in-process (integration tests)."""
        return AuthSettings(development=True, dev_jwks_file=self.jwks_path)

    def mint(
        self,
        roles: Iterable[Role],
        *,
        tenant_id: uuid.UUID | None = None,
        subject: str | None = None,
        ttl_s: int = DEFAULT_TTL_S,
        audience: str = "bitc-space-ops",
        sponsor_agency: str | None = None,
    ) -> str:
        """A token shaped like Keycloak's: realm roles in ``realm_access.roles``."""
        kid = json.loads(self.jwks_path.read_text())["keys"][0]["kid"]
        now = int(time.time())
        names = sorted(Role(role).value for role in roles)
        claims = {
            "iss": DEV_ISSUER,
            "aud": audience,
            "sub": subject or f"dev-{'-'.join(names) or 'nobody'}",
            "iat": now,
            "exp": now + ttl_s,
            "realm_access": {"roles": names},
        }
        if tenant_id is not None:
            claims["bitc_tenant_id"] = str(tenant_id)
        if sponsor_agency is not None:
            claims["bitc_sponsor_agency"] = sponsor_agency
        return jwt.encode(claims, self.key_path.read_bytes(), _ALGORITHM, headers={"kid": kid})
