"""Bearer tokens for tests, signed with the test stack's dev key that its services trust:

async def test_x(platform, tokens):
    headers = tokens.headers(Role.tenant_member, tenant_id=tenant)
"""

import uuid

from bitc.devstack.dev_keys import DevSigningKey
from shared.auth.access import AuthSettings, Role


class Tokens:
    def __init__(self, key: DevSigningKey) -> None:
        self.key = key

    def for_role(
        self, role: Role, tenant_id: uuid.UUID | str | None = None, subject: str | None = None
    ) -> str:
        tenant = uuid.UUID(str(tenant_id)) if tenant_id else None
        return self.key.mint([role], tenant_id=tenant, subject=subject)

    def headers(
        self, role: Role, tenant_id: uuid.UUID | str | None = None, subject: str | None = None
    ) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.for_role(role, tenant_id, subject)}"}

    @property
    def settings(self) -> AuthSettings:
        """For a service app built in the test process: trusts these tokens."""
        return self.key.settings()
