"""Start, record and stop the dev stack's processes, identified by pid *and* kernel start time.

A pid alone is not an identity: after a reboot or a long pause it may belong to something else.
Every record keeps the start time from /proc/<pid>/stat (Linux only), and nothing is signalled
unless both still match.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bitc.devstack.errors import DevStackError

# Children of this interpreter must be waited for, or they linger as zombies after they exit.
_children: dict[int, subprocess.Popen[bytes]] = {}


def proc_start_time(pid: int) -> int | None:
    """Start time of `pid` in clock ticks since boot; None once it is gone or fully exited."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        # A killed JVM's main thread turns zombie before its other threads have exited and
        # closed its sockets: it only counts as gone when no thread is left.
        threads = len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ")".
    rest = stat[stat.rindex(")") + 2 :].split()
    return None if rest[0] == "Z" and threads <= 1 else int(rest[19])


@dataclass(frozen=True)
class ProcessRecord:
    """One process this stack started; serialised into the state folder's pids.json."""

    name: str
    pid: int
    start_time: int
    command: list[str]
    log: str
    stop_signal: str = "SIGTERM"
    port: int | None = None
    url: str | None = None
    # Only the caller's overrides, so the process can be restarted the same way later.
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def capture(
        cls,
        name: str,
        pid: int,
        command: Sequence[str],
        log: Path,
        *,
        stop_signal: str = "SIGTERM",
        port: int | None = None,
        url: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> ProcessRecord:
        """Record `pid` as it is now; raise if it has already exited."""
        start_time = proc_start_time(pid)
        if start_time is None:
            raise DevStackError(f"{name} exited right after it started: see {log}")
        return cls(
            name, pid, start_time, list(command), str(log), stop_signal, port, url, dict(env or {})
        )


def is_alive(record: ProcessRecord) -> bool:
    """True if the recorded process still runs and is the same process (same start time)."""
    child = _children.get(record.pid)
    if child is not None and child.poll() is not None:
        del _children[record.pid]
        return False
    return proc_start_time(record.pid) == record.start_time


def spawn(command: Sequence[str], log: Path, env: Mapping[str, str], cwd: Path) -> int:
    """Start `command` detached from the terminal, stdout+stderr appended to `log`; return pid."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        # A new session keeps Ctrl-C in the shell that ran `bitc dev up` away from the stack.
        child = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
        )
    _children[child.pid] = child
    return child.pid


def send_signal(record: ProcessRecord, sig: signal.Signals) -> None:
    """Signal the recorded process (SIGKILL: its whole process group); gone is not an error."""
    # A graceful signal goes to the recorded process alone, which winds down its own helpers
    # (postgres backends, uvicorn workers). SIGKILL leaves it no chance to, so it goes to the
    # whole process group, which it leads when it has its own session (spawn and pg_ctl do that).
    try:
        if sig == signal.SIGKILL and os.getpgid(record.pid) == record.pid:
            os.killpg(record.pid, sig)
        else:
            os.kill(record.pid, sig)
    except ProcessLookupError:
        pass


def _wait_gone(record: ProcessRecord, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while is_alive(record):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def terminate(
    record: ProcessRecord, sig: signal.Signals | None = None, timeout: float = 30
) -> None:
    """Send `sig` (default: the record's stop signal) and wait; SIGKILL it after `timeout` s."""
    if not is_alive(record):
        return
    send_signal(record, sig or signal.Signals[record.stop_signal])
    if _wait_gone(record, timeout):
        return
    send_signal(record, signal.SIGKILL)
    if not _wait_gone(record, 10):
        raise DevStackError(f"{record.name} (pid {record.pid}) survived SIGKILL: check `ps`")
