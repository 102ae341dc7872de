"""Reading the per-process log files in <state>/logs."""

from __future__ import annotations

import sys
import time
from collections import deque
from pathlib import Path
from typing import TextIO

from bitc.devstack.errors import DevStackError


def tail(path: Path | str, lines: int = 30) -> str:
    """The last `lines` lines of a log, for error messages; empty if there is no log yet."""
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            return "".join(deque(log, maxlen=lines)).rstrip("\n")
    except FileNotFoundError:
        return ""


def show(path: Path, lines: int = 50, follow: bool = False, out: TextIO = sys.stdout) -> None:
    """Print the end of a log; with `follow`, keep printing what is appended (Ctrl-C stops).

    Blocks while following: callers run it in the foreground of a CLI command.
    """
    if not path.exists():
        known = sorted(p.stem for p in path.parent.glob("*.log"))
        raise DevStackError(f"no log {path.name} in {path.parent}: there are logs for {known}")
    text = tail(path, lines)
    if text:
        print(text, file=out, flush=True)
    if not follow:
        return
    with open(path, encoding="utf-8", errors="replace") as log:
        log.seek(0, 2)
        while True:
            chunk = log.read()
            if chunk:
                out.write(chunk)
                out.flush()
            else:
                time.sleep(0.3)
