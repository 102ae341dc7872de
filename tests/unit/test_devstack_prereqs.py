"""Missing or too old tools give one line that says what is wrong and how to fix it."""

import os
import stat
from pathlib import Path

import pytest

from bitc.devstack import DevStackError
from bitc.devstack.prereqs import (
    find_pg_bin,
    java_major_version,
    pg_run_prefix,
    require_java,
    require_mvn,
)


def _first_line(error: pytest.ExceptionInfo[DevStackError]) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


@pytest.fixture
def empty_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


def _script(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_no_java(empty_path: Path) -> None:
    with pytest.raises(DevStackError) as caught:
        require_java()
    assert "java not found on PATH" in _first_line(caught)
    assert "install" in _first_line(caught)


def test_old_java(empty_path: Path) -> None:
    _script(empty_path, "java", "echo 'openjdk version \"11.0.21\" 2023-10-17' >&2")
    with pytest.raises(DevStackError) as caught:
        require_java()
    assert "Java 11" in _first_line(caught)
    assert "17+" in _first_line(caught)


def test_new_enough_java(empty_path: Path) -> None:
    _script(empty_path, "java", "echo 'openjdk version \"21.0.2\" 2024-01-16' >&2")
    assert require_java() == str(empty_path / "java")


@pytest.mark.parametrize(
    ("banner", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('java version "1.8.0_392"', 8),
        ('openjdk version "21" 2023-09-19', 21),
        ("no version here", None),
    ],
)
def test_java_version_parsing(banner: str, major: int | None) -> None:
    assert java_major_version(banner) == major


def test_no_mvn(empty_path: Path) -> None:
    with pytest.raises(DevStackError) as caught:
        require_mvn()
    assert "mvn not found on PATH" in _first_line(caught)


def test_pg_bin_override_without_binaries(tmp_path: Path) -> None:
    with pytest.raises(DevStackError) as caught:
        find_pg_bin(str(tmp_path))
    assert f"BITC_PG_BIN={tmp_path}" in _first_line(caught)


def test_pg_bin_override_with_binaries(tmp_path: Path) -> None:
    for tool in ("initdb", "pg_ctl", "postgres"):
        _script(tmp_path, tool, "exit 0")
    assert find_pg_bin(str(tmp_path)) == tmp_path


@pytest.mark.skipif(os.geteuid() != 0, reason="runuser is only needed as root")
def test_root_without_runuser(empty_path: Path) -> None:
    with pytest.raises(DevStackError) as caught:
        pg_run_prefix()
    assert "runuser not found" in _first_line(caught)
