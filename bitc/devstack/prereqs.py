"""Checks for the tools the native stack needs, each failing with one actionable line."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

from bitc.devstack.errors import DevStackError

MIN_JAVA = 17
PG_USER = "postgres"
PG_TOOLS = ("initdb", "pg_ctl", "postgres")


def require_java() -> str:
    """Path of a `java` on PATH that is at least Java 17."""
    java = shutil.which("java")
    if java is None:
        raise DevStackError(
            f"java not found on PATH: install a JDK/JRE {MIN_JAVA}+ "
            "(e.g. `apt-get install openjdk-17-jre-headless`) or add its bin/ to PATH"
        )
    banner = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    version = java_major_version(banner)
    if version is None or version < MIN_JAVA:
        raise DevStackError(
            f"{java} is Java {version or 'of unknown version'}, Kafka needs {MIN_JAVA}+: "
            f"install a newer JDK and put it first on PATH"
        )
    return java


def java_major_version(banner: str) -> int | None:
    """Major version from `java -version` output: '"17.0.15"' -> 17, '"1.8.0_392"' -> 8."""
    match = re.search(r'version "(\d+)(?:\.(\d+))?', banner)
    if match is None:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def require_mvn() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise DevStackError(
            "mvn not found on PATH: install Maven (e.g. `apt-get install maven`); it is needed "
            "once to fetch the Kafka jars into the cache"
        )
    return mvn


def find_pg_bin(override: str | None = None) -> Path:
    """Directory holding initdb, pg_ctl and postgres.

    Order: `override` (BITC_PG_BIN by default), Debian's /usr/lib/postgresql/<newest>/bin, PATH.
    Debian keeps initdb and pg_ctl off PATH, hence the explicit look there.
    """
    override = override if override is not None else os.environ.get("BITC_PG_BIN")
    if override:
        candidates = [Path(override)]
    else:
        debian = Path("/usr/lib/postgresql").glob("*/bin")
        newest_first = sorted(debian, key=lambda p: _numeric(p.parent.name), reverse=True)
        on_path = shutil.which("initdb")
        candidates = newest_first + ([Path(on_path).parent] if on_path else [])
    for candidate in candidates:
        if all((candidate / tool).is_file() for tool in PG_TOOLS):
            return candidate
    where = f"BITC_PG_BIN={override}" if override else "/usr/lib/postgresql/*/bin or PATH"
    raise DevStackError(
        f"PostgreSQL server binaries ({', '.join(PG_TOOLS)}) not found in {where}: install them "
        "(e.g. `apt-get install postgresql`) or set BITC_PG_BIN to their directory"
    )


def _numeric(version: str) -> float:
    try:
        return float(version)
    except ValueError:
        return -1.0


def pg_run_prefix() -> list[str]:
    """Command prefix that runs PostgreSQL tools as a non-root user.

    initdb and postgres refuse to run as root, so root runs them as the `postgres` system user.
    """
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        raise DevStackError(
            "runuser not found on PATH: as root it is needed to run PostgreSQL as the postgres "
            "user; install util-linux or run `bitc dev` as a normal user"
        )
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        raise DevStackError(
            f"no '{PG_USER}' system user to run PostgreSQL as (it refuses root): "
            f"create one (`useradd --system {PG_USER}`) or run `bitc dev` as a normal user"
        ) from None
    return [runuser, "-u", PG_USER, "--"]
