"""`bitc token` prints a token the dev stack's services trust, bound as asked."""

import uuid

import pytest

from bitc.cli import main
from bitc.devstack.dev_keys import DevSigningKey
from shared.auth.access import Role
from shared.auth.tokens import TokenVerifier


async def test_a_printed_token_is_trusted_by_a_development_service(tmp_path, capsys):
    key = DevSigningKey(tmp_path).ensure()
    tenant = uuid.uuid4()
    main(
        [
            "token",
            "--role",
            "community_lead",
            "--tenant",
            str(tenant),
            "--subject",
            "asep",
            "--state-dir",
            str(tmp_path),
        ]
    )
    token = capsys.readouterr().out.strip()
    principal = await TokenVerifier(key.settings()).principal(token)
    assert (principal.roles, principal.tenant_id, principal.actor) == (
        {Role.community_lead},
        tenant,
        "asep",
    )


async def test_an_integrator_token_may_report_for_one_sponsoring_agency(tmp_path, capsys):
    key = DevSigningKey(tmp_path).ensure()
    arguments = ["--role", "integrator", "--sponsor-agency", "Dispudpar"]
    main(["token", *arguments, "--state-dir", str(tmp_path)])
    token = capsys.readouterr().out.strip()
    principal = await TokenVerifier(key.settings()).principal(token)
    assert (principal.roles, principal.sponsor_agency) == ({Role.integrator}, "Dispudpar")


def test_a_tenant_role_needs_a_tenant(tmp_path):
    DevSigningKey(tmp_path).ensure()
    with pytest.raises(SystemExit, match="--tenant"):
        main(["token", "--role", "tenant_member", "--state-dir", str(tmp_path)])


def test_no_token_before_the_stack_made_its_key(tmp_path):
    with pytest.raises(SystemExit, match="bitc dev up"):
        main(["token", "--role", "manager", "--state-dir", str(tmp_path)])
