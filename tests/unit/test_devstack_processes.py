"""Process records: identity by pid + start time, stopping with escalation, the pids file."""

import os
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bitc.devstack.processes import ProcessRecord, is_alive, proc_start_time, spawn, terminate
from bitc.devstack.records import ProcessTable


def _start(tmp_path: Path, code: str) -> ProcessRecord:
    command = [sys.executable, "-c", code]
    pid = spawn(command, tmp_path / "child.log", os.environ, tmp_path)
    return ProcessRecord.capture("child", pid, command, tmp_path / "child.log")


def test_start_time_of_a_missing_pid_is_none() -> None:
    assert isinstance(proc_start_time(os.getpid()), int)
    assert proc_start_time(2**22 + 1) is None  # above the kernel's pid_max


def test_a_reused_pid_is_never_signalled(tmp_path: Path) -> None:
    real = _start(tmp_path, "import time; time.sleep(60)")
    # Same pid, another start time: what a record looks like after the pid was recycled.
    stale = replace(real, start_time=real.start_time - 1)
    try:
        assert is_alive(real)
        assert not is_alive(stale)
        terminate(stale, signal.SIGKILL, timeout=1)
        assert is_alive(real)
    finally:
        terminate(real, timeout=5)
    assert not is_alive(real)


def test_exited_child_is_reaped_and_reported_dead(tmp_path: Path) -> None:
    record = _start(tmp_path, "print('bye')")
    deadline = time.monotonic() + 10
    while is_alive(record) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_alive(record)
    assert proc_start_time(record.pid) is None  # no zombie left behind
    assert "bye" in (tmp_path / "child.log").read_text()


def test_terminate_escalates_to_sigkill(tmp_path: Path) -> None:
    code = (
        "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(60)"
    )
    record = _start(tmp_path, code)
    while "ready" not in (tmp_path / "child.log").read_text():
        time.sleep(0.05)
    started = time.monotonic()
    terminate(record, timeout=0.5)
    assert not is_alive(record)
    assert time.monotonic() - started < 5


def test_capture_of_a_dead_pid_fails(tmp_path: Path) -> None:
    from bitc.devstack.errors import DevStackError

    with pytest.raises(DevStackError, match="exited right after"):
        ProcessRecord.capture("gone", 2**22 + 1, ["x"], tmp_path / "x.log")


def test_table_round_trip_is_private(tmp_path: Path) -> None:
    table = ProcessTable(tmp_path / "pids.json")
    record = ProcessRecord("svc", 42, 7, ["a"], "log", port=1, url="u", env={"K": "v"})
    table.put(record)
    table.put(replace(record, name="other"))
    assert ProcessTable(tmp_path / "pids.json").get("svc") == record
    assert (tmp_path / "pids.json").stat().st_mode & 0o777 == 0o600
    table.remove("svc")
    assert set(table.load()) == {"other"}


def test_a_zombie_leader_with_live_threads_still_counts(tmp_path: Path) -> None:
    # What a SIGKILLed JVM looks like for a moment: its main thread is a zombie while other
    # threads still hold its sockets open. Here the main thread calls exit(2) by syscall.
    code = (
        "import ctypes, threading, time\n"
        "threading.Thread(target=time.sleep, args=(1.5,)).start()\n"
        "ctypes.CDLL(None).syscall(60, 0)\n"
    )
    record = _start(tmp_path, code)

    def main_thread_state() -> str:
        return Path(f"/proc/{record.pid}/stat").read_text().split(") ")[1][0]

    deadline = time.monotonic() + 10
    while main_thread_state() != "Z" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert main_thread_state() == "Z"
    assert is_alive(record)
    deadline = time.monotonic() + 10
    while is_alive(record) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_alive(record)
