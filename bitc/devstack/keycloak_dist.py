"""Keycloak's server distribution: fetched once by Maven into the per-user cache shared by all
clones (like the Kafka jars), unpacked, and built once for the way the dev stack runs it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from bitc.devstack.errors import DevStackError
from bitc.devstack.logs import tail
from bitc.devstack.prereqs import require_java, require_mvn

KEYCLOAK_VERSION = "26.4.0"
_ARTIFACT = f"org.keycloak:keycloak-quarkus-dist:{KEYCLOAK_VERSION}:zip"
#: Build-time options (Quarkus bakes them in); the runtime ones are in bitc/devstack/keycloak.py.
BUILD_OPTIONS = ("--db=dev-file", "--health-enabled=true")


def dist_dir(cache_root: Path) -> Path:
    return cache_root / f"keycloak-{KEYCLOAK_VERSION}"


def ensure_keycloak_dist(cache_root: Path) -> Path:
    """The unpacked and built distribution, fetched with mvn unless already cached.

    Built once here so every start runs `start --optimized`: no start re-augments, so stacks
    sharing the cache never write into it. The work happens in a scratch sibling renamed into
    place only when complete, so an interrupted fetch never leaves a half distribution.
    """
    target = dist_dir(cache_root)
    if target.is_dir():
        return target
    mvn, java = require_mvn(), require_java()
    cache_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=cache_root))
    try:
        archive = _fetch(mvn, work)
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(work)
        home = work / f"keycloak-{KEYCLOAK_VERSION}"
        _build(java, home, work / "build.log")
        try:
            home.rename(target)
        except OSError:
            if not target.is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def java_command(java: str, home: Path, *args: str) -> list[str]:
    """What bin/kc.sh runs, minus the shell: the recorded pid is then Keycloak itself, so
    stopping it never leaves an orphaned JVM behind."""
    return [
        java,
        "-Xms64m",
        "-Xmx512m",
        "-XX:MetaspaceSize=96M",
        "-XX:MaxMetaspaceSize=256m",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:+UseG1GC",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.security=ALL-UNNAMED",
        "-Dfile.encoding=UTF-8",
        "-Duser.language=en",
        "-Duser.country=US",
        f"-Dkc.home.dir={home}",
        f"-Djboss.server.config.dir={home / 'conf'}",
        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
        "-Dpicocli.disable.closures=true",
        "-cp",
        str(home / "lib" / "quarkus-run.jar"),
        "io.quarkus.bootstrap.runner.QuarkusEntryPoint",
        *args,
    ]


def _fetch(mvn: str, work: Path) -> Path:
    command = [mvn, "-q", "-B", "dependency:copy", f"-Dartifact={_ARTIFACT}"]
    command.append(f"-DoutputDirectory={work}")
    done = subprocess.run(command, capture_output=True, text=True, cwd=work)
    archives = list(work.glob("keycloak-quarkus-dist-*.zip"))
    if done.returncode == 0 and archives:
        return archives[0]
    lines = (done.stdout + done.stderr).splitlines()
    errors = [line for line in lines if line.startswith("[ERROR]")] or lines
    detail = "\n".join(errors[-8:])
    raise DevStackError(
        f"mvn could not fetch Keycloak {KEYCLOAK_VERSION} (exit {done.returncode}): check access "
        f"to Maven Central and ~/.m2/settings.xml, then retry\n{detail}"
    )


def _build(java: str, home: Path, log: Path) -> None:
    with log.open("ab") as out:
        command = java_command(java, home, "build", *BUILD_OPTIONS)
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise DevStackError(f"building Keycloak failed (exit {done.returncode}):\n{tail(log)}")
