"""The Kafka broker's jars: fetched once by Maven into a per-user cache shared by all clones."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from bitc.devstack.errors import DevStackError
from bitc.devstack.prereqs import require_mvn


def default_cache_root() -> Path:
    """$BITC_CACHE_DIR, else ~/.cache/bitc."""
    configured = os.environ.get("BITC_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "bitc"


def kafka_version(pom: Path) -> str:
    """The broker version, read from the pom so the version lives in one place."""
    match = re.search(r"<kafka\.version>\s*([^<\s]+)\s*</kafka\.version>", pom.read_text())
    if match is None:
        raise DevStackError(f"{pom} has no <kafka.version> property: restore it from git")
    return match.group(1)


def jar_dir(pom: Path, cache_root: Path) -> Path:
    """Cache folder for this exact pom.

    The digest is in the name because a changed logging dependency must not reuse old jars.
    """
    digest = hashlib.sha256(pom.read_bytes()).hexdigest()[:10]
    return cache_root / f"kafka-{kafka_version(pom)}-{digest}"


def ensure_kafka_jars(pom: Path, cache_root: Path) -> Path:
    """Folder with the broker's runtime jars, fetched with mvn unless already cached.

    mvn works in a temporary sibling folder that is renamed into place only when complete, so an
    interrupted fetch never leaves a half cache behind. A concurrent fetch that wins the rename
    is simply used.
    """
    target = jar_dir(pom, cache_root)
    if target.is_dir():
        return target
    mvn = require_mvn()
    cache_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=cache_root))
    try:
        # mvn runs on a copy of the pom so its target/ lands in the scratch folder, not the repo.
        shutil.copy(pom, work / "pom.xml")
        _copy_dependencies(mvn, work)
        try:
            work.rename(target)
        except OSError:
            if not target.is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _copy_dependencies(mvn: str, work: Path) -> None:
    command = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(work / "pom.xml"),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={work}",
        "-DincludeScope=runtime",
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode == 0 and any(work.glob("kafka_*.jar")):
        shutil.rmtree(work / "target", ignore_errors=True)
        return
    lines = (done.stdout + done.stderr).splitlines()
    errors = [line for line in lines if line.startswith("[ERROR]")] or lines
    detail = "\n".join(errors[-8:])
    raise DevStackError(
        f"mvn could not fetch the Kafka jars (exit {done.returncode}): check access to Maven "
        f"Central and ~/.m2/settings.xml, then retry\n{detail}"
    )
