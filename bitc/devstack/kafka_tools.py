"""Kafka's own tools (kafka-configs, kafka-acls, kafka-storage, kafka-broker-api-versions) run
natively, so the scripts of deploy/kafka-security that compose runs inside the broker image (its
one-shots and the broker's healthcheck) run unchanged against a native broker: they call
``$KAFKA_BIN/<tool>.sh``, which here are small wrappers around the cached jars."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from bitc.devstack.errors import DevStackError
from bitc.devstack.jars import kafka_version
from bitc.devstack.prereqs import require_mvn

SECURITY_SCRIPTS = Path(__file__).resolve().parents[2] / "deploy" / "kafka-security"
TOOLS = {
    "kafka-configs.sh": "kafka.admin.ConfigCommand",
    "kafka-acls.sh": "org.apache.kafka.tools.AclCommand",
    "kafka-storage.sh": "kafka.tools.StorageTool",
    "kafka-broker-api-versions.sh": "org.apache.kafka.tools.BrokerApiVersionsCommand",
}


def ensure_tool_jars(pom: Path, cache_root: Path) -> Path:
    """kafka-tools (kafka-acls) is not among the broker's runtime jars: fetched once with mvn."""
    target = cache_root / f"kafka-tools-{kafka_version(pom)}"
    if not any(target.glob("*.jar")):
        target.mkdir(parents=True, exist_ok=True)
        artifact = f"org.apache.kafka:kafka-tools:{kafka_version(pom)}"
        done = subprocess.run(
            [require_mvn(), "-q", "-B", "dependency:copy", f"-Dartifact={artifact}",
             f"-DoutputDirectory={target}"],
            cwd=target, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise DevStackError(f"mvn could not fetch {artifact}:\n{done.stdout[-2000:]}")
    return target


#: Each tool call is a JVM that lives a second: the quick compiler alone and the serial
#: collector start it in about 60 % of the CPU (setting up the ACLs starts some thirty).
_SHORT_LIVED = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def write_tool_wrappers(bin_dir: Path, broker_jars: Path, tool_jars: Path) -> Path:
    """``bin_dir`` with the TOOLS' scripts, as the broker image's bin/ has them."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    classpath = f"{broker_jars}/*:{tool_jars}/*"
    for script, main in TOOLS.items():
        wrapper = bin_dir / script
        wrapper.write_text(f'#!/bin/sh\nexec java {_SHORT_LIVED} -cp "{classpath}" {main} "$@"\n')
        wrapper.chmod(0o755)
    return bin_dir


def run_security_script(
    script: str, bootstrap: str, bin_dir: Path, env: Mapping[str, str], timeout: float = 600
) -> str:
    """Run a deploy/kafka-security script as compose's one-shots do; returns its output."""
    environment = {**os.environ, "KAFKA_BIN": str(bin_dir), "KAFKA_BOOTSTRAP": bootstrap, **env}
    done = subprocess.run(
        ["bash", str(SECURITY_SCRIPTS / script)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise DevStackError(f"{script} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout
