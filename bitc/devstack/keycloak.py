"""Keycloak as the dev stack's SSO: the cached distribution (bitc/devstack/keycloak_dist.py) run
from a home folder inside the state folder, importing the repo's realm (deploy/keycloak).

The home holds what a stack writes (H2 database, transaction logs, the realm to import) and links
to the shared distribution for the rest, so each state folder has its own users and keys.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import httpx

from bitc.devstack.errors import DevStackError
from bitc.devstack.keycloak_dist import ensure_keycloak_dist, java_command
from bitc.devstack.logs import tail
from bitc.devstack.ports import HOST, Ports, ensure_port_free
from bitc.devstack.prereqs import require_java
from bitc.devstack.processes import ProcessRecord, is_alive, spawn, terminate
from bitc.devstack.records import ProcessTable

NAME = "keycloak"
REALM = "bitc"
#: The master realm's administrator, for the admin API (bitc/devstack/keycloak_admin.py).
ADMIN_USER = "admin"


@dataclass(frozen=True)
class KeycloakEndpoints:
    url: str
    admin_password: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/realms/{REALM}"

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/protocol/openid-connect/certs"

    def service_env(self) -> dict[str, str]:
        """What a service needs to trust the tokens this Keycloak issues (shared/auth)."""
        return {"AUTH_ISSUER": self.issuer, "AUTH_JWKS_URL": self.jwks_url}


def keycloak_endpoints(state_dir: Path, ports: Ports) -> KeycloakEndpoints:
    """Where the stack's Keycloak answers, and its admin's password (made once per folder)."""
    secret = state_dir / NAME / "admin-password"
    if not secret.exists():
        secret.parent.mkdir(parents=True, exist_ok=True)
        secret.touch(mode=0o600)
        secret.write_text(secrets.token_urlsafe(18))
    return KeycloakEndpoints(f"http://{HOST}:{ports.keycloak}", secret.read_text().strip())


def realm_file(repo_root: Path) -> Path:
    return repo_root / "deploy" / "keycloak" / f"{REALM}-realm.json"


def realm_users(repo_root: Path) -> dict[str, list[str]]:
    """The realm's users and their realm roles, as the realm file imports them."""
    realm = json.loads(realm_file(repo_root).read_text())
    return {user["username"]: user.get("realmRoles", []) for user in realm["users"]}


def launch_keycloak(
    state_dir: Path, ports: Ports, table: ProcessTable, repo_root: Path, cache_root: Path
) -> ProcessRecord:
    """Start Keycloak (or keep the running one) and record it; does not wait for it."""
    running = table.get(NAME)
    if running is not None and is_alive(running):
        return running
    java = require_java()
    ensure_port_free(ports.keycloak, "Keycloak")
    ensure_port_free(ports.keycloak_management, "Keycloak's health")
    home = _home(state_dir, ensure_keycloak_dist(cache_root), repo_root)
    endpoints = keycloak_endpoints(state_dir, ports)
    command = java_command(
        java,
        home,
        "start",
        "--optimized",
        "--http-enabled=true",
        f"--http-host={HOST}",
        f"--http-port={ports.keycloak}",
        f"--http-management-port={ports.keycloak_management}",
        # One issuer whichever name the browser used, so the services' AUTH_ISSUER matches.
        f"--hostname={endpoints.url}",
        "--cache=local",
        # Creates the realm on the first start; a realm that exists is kept as it is.
        "--import-realm",
    )
    # The administrator comes through the environment, never the recorded command line.
    env = {
        **os.environ,
        "KC_BOOTSTRAP_ADMIN_USERNAME": ADMIN_USER,
        "KC_BOOTSTRAP_ADMIN_PASSWORD": endpoints.admin_password,
    }
    log = state_dir / "logs" / f"{NAME}.log"
    pid = spawn(command, log, env, home)
    record = ProcessRecord.capture(NAME, pid, command, log, port=ports.keycloak, url=endpoints.url)
    table.put(record)
    return record


def _home(state_dir: Path, dist: Path, repo_root: Path) -> Path:
    home = state_dir / NAME / "home"
    (home / "data" / "import").mkdir(parents=True, exist_ok=True)
    for shared in ("lib", "providers", "themes"):
        link = home / shared
        if link.is_symlink() and link.resolve() != (dist / shared).resolve():
            link.unlink()  # a distribution of another version
        if not link.is_symlink():
            link.symlink_to(dist / shared, target_is_directory=True)
    if not (home / "conf").is_dir():
        shutil.copytree(dist / "conf", home / "conf")
    realm = realm_file(repo_root)
    shutil.copy(realm, home / "data" / "import" / realm.name)
    return home


async def wait_until_ready(record: ProcessRecord, ports: Ports, ready_timeout: float) -> None:
    """Poll its health until ready; on failure stop it and raise with the end of its log."""
    url = f"http://{HOST}:{ports.keycloak_management}/health/ready"
    last = "no answer"
    try:
        async with asyncio.timeout(ready_timeout), httpx.AsyncClient(timeout=2) as client:
            while True:
                if not is_alive(record):
                    raise DevStackError(
                        f"Keycloak exited during startup: see {record.log}\n{tail(record.log)}"
                    )
                try:
                    response = await client.get(url)
                    if response.status_code == 200:
                        return
                    last = f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    last = type(exc).__name__
                await asyncio.sleep(0.5)
    except TimeoutError:
        terminate(record, timeout=10)
        raise DevStackError(
            f"Keycloak was not ready within {ready_timeout:.0f} s ({last}): see {record.log}\n"
            f"{tail(record.log)}"
        ) from None
