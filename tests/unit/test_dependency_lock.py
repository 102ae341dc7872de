"""Installs are reproducible: the README's install and the image take every package from a lock
pinned by hash, the locks satisfy what pyproject.toml asks, and the image's base is a digest."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = ROOT / "requirements" / "runtime.lock"
TEST_LOCK = ROOT / "requirements" / "test.lock"
RELOCK = "pyproject.toml and the lock disagree: run tools/lock-dependencies"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def pins(lock: Path) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall(lock.read_text())}


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def assert_locked(requirements: list[str], locked: dict[str, str]) -> None:
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in the lock. {RELOCK}"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{requirement.name} {locked[name]} does not satisfy {requirement.specifier}. {RELOCK}"
        )


def test_the_runtime_lock_satisfies_every_runtime_dependency():
    assert_locked(project()["dependencies"], pins(RUNTIME_LOCK))


def test_the_test_lock_satisfies_runtime_and_test_dependencies_at_the_image_versions():
    runtime, test = pins(RUNTIME_LOCK), pins(TEST_LOCK)
    assert_locked(project()["dependencies"] + project()["optional-dependencies"]["test"], test)
    differing = {name: (v, test[name]) for name, v in runtime.items() if test.get(name) != v}
    assert not differing, f"tests would run other versions than the image ships: {differing}"


def test_every_pin_carries_hashes_so_pip_checks_what_it_downloads():
    for lock in (RUNTIME_LOCK, TEST_LOCK):
        blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.read_text())
        unhashed = [b.split()[0] for b in blocks if "==" in b.split()[0] and "--hash=" not in b]
        assert not unhashed, f"{lock.name}: no hash for {unhashed}"


def test_the_install_and_the_image_use_the_locks_with_hash_checking():
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements/test.lock" in makefile
    assert "--require-hashes -r requirements/runtime.lock" in dockerfile
    assert "!requirements/runtime.lock" in (ROOT / ".dockerignore").read_text()


def test_the_image_base_is_pinned_by_digest():
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", (ROOT / "Dockerfile").read_text(), re.M)
    assert base, "the Dockerfile names its base image in ARG PYTHON_IMAGE"
    assert re.fullmatch(r"python:3\.11-slim@sha256:[0-9a-f]{64}", base.group(1))
    froms = re.findall(r"^FROM (\S+)", (ROOT / "Dockerfile").read_text(), re.M)
    assert froms, "no FROM"
    assert all(image == "${PYTHON_IMAGE}" for image in froms), froms
