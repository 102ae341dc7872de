"""The realm the dev stack, the tests and compose import (deploy/keycloak/bitc-realm.json) says
what docs/security.md promises: the project's role names, a console client that only does the
authorization code flow with PKCE S256, and access tokens the services accept."""

import json
from pathlib import Path

from bitc.demo import DEMO_SSO_TENANTS, demo_user_lines
from bitc.devstack.keycloak import realm_file, realm_users
from shared.auth.principal import TENANT_BOUND, Role
from shared.auth.settings import AuthSettings

REPO = Path(__file__).resolve().parents[2]
REALM = json.loads(realm_file(REPO).read_text())


def _console() -> dict:
    return next(client for client in REALM["clients"] if client["clientId"] == "bitc-console")


def test_the_realm_roles_are_the_projects_roles():
    assert {role["name"] for role in REALM["roles"]["realm"]} == {role.value for role in Role}


def test_the_console_client_is_confidential_and_only_does_the_code_flow_with_pkce_s256():
    console = _console()
    assert console["publicClient"] is False
    assert console["standardFlowEnabled"] is True
    assert console["implicitFlowEnabled"] is False
    assert console["directAccessGrantsEnabled"] is False
    assert console["attributes"]["pkce.code.challenge.method"] == "S256"
    assert all(
        uri.startswith(("http://127.0.0.1:", "http://localhost:"))
        for uri in console["redirectUris"]
    )


def test_access_tokens_carry_the_services_audience_and_the_tenant_claim():
    mappers = {
        mapper["protocolMapper"]: mapper["config"] for mapper in _console()["protocolMappers"]
    }
    audience = mappers["oidc-audience-mapper"]
    assert audience["included.custom.audience"] == AuthSettings().audience
    assert audience["access.token.claim"] == "true"
    tenant = mappers["oidc-usermodel-attribute-mapper"]
    assert tenant["claim.name"] == AuthSettings().tenant_claim
    assert tenant["access.token.claim"] == "true"
    assert "roles" in _console()["defaultClientScopes"]  # realm_access.roles


def test_there_are_staff_and_tenant_users_and_every_tenant_user_gets_a_demo_tenant():
    users = realm_users(REPO)
    roles = {role for user_roles in users.values() for role in user_roles}
    assert {Role.admin, Role.manager, Role.tenant_member, Role.community_lead} <= roles
    tenant_users = {name for name, user_roles in users.items() if set(user_roles) & TENANT_BOUND}
    assert tenant_users == set(DEMO_SSO_TENANTS)


def test_dev_up_lists_each_user_with_its_roles_and_demo_tenant():
    lines = demo_user_lines(realm_users(REPO), tenants_bound=True)
    assert any(line.startswith("dewi.manager") and line.endswith("manager") for line in lines)
    lead = next(line for line in lines if line.startswith("asep.lead"))
    assert "community_lead of Komunitas Musik Baros" in lead
    unbound = demo_user_lines(realm_users(REPO), tenants_bound=False)
    assert any("rina.member" in line and "no tenant yet" in line for line in unbound)
