"""Running one of the project's services (`python -m services.<name>`) as a child process."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

import httpx

from bitc.devstack.errors import DevStackError
from bitc.devstack.logs import tail
from bitc.devstack.ports import HOST, ensure_port_free
from bitc.devstack.processes import ProcessRecord, is_alive, spawn, terminate


def service_command(name: str) -> list[str]:
    # The launcher's own interpreter, so a service runs in the same virtualenv.
    return [sys.executable, "-m", f"services.{name}"]


def launch_service(
    name: str, port: int, env: Mapping[str, str], repo_root: Path, log: Path
) -> ProcessRecord:
    """Start the service process and record it; does not wait for it to be ready.

    `env` overrides this process's environment (PATH, HOME and the venv are inherited); it
    must tell the service its port, database and brokers in the service's own settings names.
    """
    ensure_port_free(port, f"service {name}")
    command = service_command(name)
    # Unbuffered so the log shows the last words of a process that dies or is killed.
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
    pid = spawn(command, log, full_env, repo_root)
    return ProcessRecord.capture(
        name, pid, command, log, port=port, url=f"http://{HOST}:{port}", env=env
    )


async def wait_until_ready(record: ProcessRecord, ready_timeout: float) -> None:
    """Poll GET /health/ready until it answers 200; on failure stop the process and raise
    with the end of its log."""
    url = f"{record.url}/health/ready"
    last = "no answer"
    try:
        async with asyncio.timeout(ready_timeout), httpx.AsyncClient(timeout=2) as client:
            while True:
                if not is_alive(record):
                    _fail(record, f"{record.name} exited before it was ready")
                try:
                    response = await client.get(url)
                    if response.status_code == 200:
                        return
                    last = f"HTTP {response.status_code}: {response.text[:200]}"
                except httpx.HTTPError as exc:
                    last = type(exc).__name__
                await asyncio.sleep(0.2)
    except TimeoutError:
        terminate(record, timeout=10)
        _fail(record, f"{record.name} was not ready within {ready_timeout:.0f} s ({last})")


def _fail(record: ProcessRecord, message: str) -> NoReturn:
    raise DevStackError(f"{message}: see {record.log}\n{tail(record.log)}")
