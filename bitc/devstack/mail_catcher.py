"""The dev stack's mail catcher: a real SMTP server (aiosmtpd's own server and Maildir handler) on
127.0.0.1 that accepts every message and keeps each as a file in <state>/mail, so what the
platform e-mails can be read with `bitc dev mail` (bitc/devstack/caught_mail.py)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from bitc.devstack.errors import DevStackError
from bitc.devstack.logs import tail
from bitc.devstack.ports import HOST, Ports, ensure_port_free
from bitc.devstack.processes import ProcessRecord, is_alive, spawn, terminate
from bitc.devstack.records import ProcessTable

NAME = "mail"


def mail_dir(state_dir: Path) -> Path:
    return state_dir / "mail"


def launch_mail_catcher(
    state_dir: Path, ports: Ports, table: ProcessTable, repo_root: Path
) -> ProcessRecord:
    """Start the catcher (or keep the running one) and record it; does not wait for it."""
    running = table.get(NAME)
    if running is not None and is_alive(running):
        return running
    ensure_port_free(ports.mail, "the mail catcher")
    log = state_dir / "logs" / f"{NAME}.log"
    listen = f"{HOST}:{ports.mail}"
    # -n: stay the current user (it would switch to "nobody"); -d: log each connection.
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-d", "-l", listen]
    command += ["-c", "aiosmtpd.handlers.Mailbox", str(mail_dir(state_dir))]
    pid = spawn(command, log, {**os.environ, "PYTHONUNBUFFERED": "1"}, repo_root)
    # SIGINT is the signal aiosmtpd's server stops on cleanly.
    record = ProcessRecord.capture(
        NAME, pid, command, log, stop_signal="SIGINT", port=ports.mail, url=f"smtp://{listen}"
    )
    table.put(record)
    return record


async def wait_until_ready(record: ProcessRecord, port: int, ready_timeout: float) -> None:
    """Wait for the SMTP greeting (220); on failure stop the process and raise with its log."""
    last = "no answer"
    try:
        async with asyncio.timeout(ready_timeout):
            while True:
                if not is_alive(record):
                    raise DevStackError(f"the mail catcher exited: see {record.log}")
                try:
                    reader, writer = await asyncio.open_connection(HOST, port)
                    greeting = await reader.readline()
                    writer.close()
                    if greeting.startswith(b"220"):
                        return
                    last = greeting.decode(errors="replace").strip()
                except OSError as exc:
                    last = type(exc).__name__
                await asyncio.sleep(0.1)
    except TimeoutError:
        terminate(record, timeout=10)
        raise DevStackError(
            f"the mail catcher did not greet within {ready_timeout:.0f} s ({last}): "
            f"see {record.log}\n{tail(Path(record.log))}"
        ) from None
