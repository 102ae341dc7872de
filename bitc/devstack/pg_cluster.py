"""Where a state folder's PostgreSQL cluster lives, and its superuser password.

As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data folder.
When the state folder sits under a root-only directory (a CI clone in /root) the cluster lives
in /var/tmp/bitc-dev-<hash> instead; the state folder's postgres.json records where.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from bitc.devstack.errors import DevStackError
from bitc.devstack.ports import HOST
from bitc.devstack.prereqs import PG_USER

SUPERUSER = "postgres"


@dataclass(frozen=True)
class PgCluster:
    root: Path  # owned by the user PostgreSQL runs as
    password: str  # of SUPERUSER, set at initdb

    @property
    def data(self) -> Path:
        return self.root / "data"

    def dsn(self, port: int, database: str) -> str:
        # token_urlsafe passwords need no URL quoting.
        return f"postgresql://{SUPERUSER}:{self.password}@{HOST}:{port}/{database}"


def fallback_root(state_dir: Path) -> Path:
    digest = hashlib.sha256(str(state_dir.resolve()).encode()).hexdigest()[:10]
    return Path("/var/tmp") / f"bitc-dev-{digest}"


def locate_cluster(state_dir: Path, prefix: list[str]) -> PgCluster:
    """Where this state folder's cluster lives and its superuser password; decided once."""
    config = state_dir / "postgres.json"
    if config.exists():
        saved = json.loads(config.read_text())
        return PgCluster(Path(saved["root"]), saved["password"])
    root = state_dir / "pg"
    root.mkdir(parents=True, exist_ok=True)
    if prefix:
        shutil.chown(root, PG_USER, PG_USER)
        # The shell's builtin `test`, so the check does not depend on the caller's PATH.
        reach = [*prefix, "/bin/sh", "-c", 'test -w "$1"', "sh", str(root)]
        if subprocess.run(reach).returncode != 0:
            root.rmdir()
            root = fallback_root(state_dir)
            root.mkdir(mode=0o700, exist_ok=True)
            shutil.chown(root, PG_USER, PG_USER)
    cluster = PgCluster(root, secrets.token_urlsafe(24))
    if (cluster.data / "PG_VERSION").exists():
        raise DevStackError(
            f"{cluster.data} holds a cluster whose password was lost with {config}: "
            f"delete {root} to start from an empty database"
        )
    fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump({**asdict(cluster), "root": str(root)}, out, indent=2)
    return cluster
