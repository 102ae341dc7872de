"""`bitc --help` and `bitc token` load only what they use, not the platform (FastAPI,
SQLAlchemy, the Kafka clients), which took seconds; each command loads its own modules when it
runs, and every command still finds them."""

import subprocess
import sys
from pathlib import Path

import pytest

from bitc.cli import build_parser, main
from bitc.command_runs import Run
from bitc.devstack.dev_keys import DevSigningKey

PLATFORM = {"fastapi", "starlette", "sqlalchemy", "asyncpg", "faststream", "aiokafka", "httpx"}
COMMAND_LINES = [
    ["dev", "up"],
    ["dev", "down"],
    ["dev", "status"],
    ["dev", "logs", "kafka"],
    ["setup"],
    ["seed-demo"],
    ["dlq", "list", "booking"],
    *(["dlq", action, "booking", "0:1"] for action in ("show", "replay")),
    ["dlq", "discard", "booking", "0:1", "--why", "test"],
    ["replay", "booking", "tenants"],
    ["backup", "--into", "/backups"],
    ["restore", "/backups/bitc-20260101T000000.000000Z"],
    ["reconcile-kafka", "--as-of", "2026-12-07T09:14:00+07:00", "--kafka", "kafka:9092"],
    ["token", "--role", "manager"],
    ["contract", "check"],
    ["security", "check"],
]


def bitc(*argv: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Runs ``bitc argv`` in a fresh interpreter: its result and the packages it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bitc.cli", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return done, imported - {"cumulative"}


def test_help_loads_no_more_than_the_command_line_parsers():
    done, imported = bitc("--help")

    assert done.returncode == 0
    assert "token" in done.stdout
    assert imported & (PLATFORM | {"pydantic", "jwt", "cryptography"}) == set()


def test_token_loads_the_signing_key_and_not_the_platform(tmp_path: Path):
    DevSigningKey(tmp_path).ensure()

    done, imported = bitc("token", "--role", "manager", "--state-dir", str(tmp_path))

    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().count(".") == 2  # a JWT: header.claims.signature
    assert "jwt" in imported
    assert imported & PLATFORM == set()


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=" ".join)
def test_every_command_runs_a_function_that_exists(argv: list[str]):
    run = build_parser().parse_args(argv).run

    assert isinstance(run, Run)
    assert callable(run.function())


def test_replay_names_the_projections_its_services_declare_when_asked_for_another():
    with pytest.raises(SystemExit) as refused:
        main(["replay", "booking", "no-such-projection"])
    assert "rebuildable: booking tenants" in str(refused.value.code)


def test_a_users_mistake_is_told_without_a_traceback(tmp_path: Path):
    with pytest.raises(SystemExit) as refused:
        main(["dev", "--state-dir", str(tmp_path), "logs", "kafka"])

    assert str(refused.value.code).startswith("bitc: no log kafka.log")
