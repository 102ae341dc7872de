"""The state folder's pids.json: which processes this stack started, by name."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from bitc.devstack.processes import ProcessRecord


@dataclass(frozen=True)
class ProcessStatus:
    name: str
    pid: int
    running: bool  # alive *and* still the recorded process (same start time)
    port: int | None
    url: str | None
    log: str


class ProcessTable:
    """Records of started processes, persisted so another `bitc dev` invocation can stop them.

    The file holds service environments (which may carry passwords), so it is private (0600).
    Kafka and PostgreSQL are started from two threads, hence the lock around read-modify-write.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def load(self) -> dict[str, ProcessRecord]:
        if not self.path.exists():
            return {}
        raw = json.loads(self.path.read_text())
        return {name: ProcessRecord(**fields) for name, fields in raw.items()}

    def get(self, name: str) -> ProcessRecord | None:
        return self.load().get(name)

    def put(self, record: ProcessRecord) -> None:
        with self._lock:
            records = self.load()
            records[record.name] = record
            self._write(records)

    def remove(self, name: str) -> None:
        with self._lock:
            records = self.load()
            if records.pop(name, None) is not None:
                self._write(records)

    def _write(self, records: dict[str, ProcessRecord]) -> None:
        # Write-then-rename: a crash mid-write must not lose the pids of running processes.
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump({name: asdict(rec) for name, rec in records.items()}, out, indent=2)
        os.replace(tmp, self.path)
