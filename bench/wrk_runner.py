"""wrk, the HTTP benchmarking tool, driven by the Lua scripts in bench/wrk/: a fixed number of
connections each sending its next request as soon as the last is answered, for a while, and
what its scripts counted (answers by kind, latency percentiles)."""

import asyncio
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.fleet import Fleet

SCRIPTS = Path(__file__).parent / "wrk"
_MARKER = "BENCH-JSON "


class WrkMissing(RuntimeError):
    """wrk is not installed (Debian: apt-get install wrk; tools/ensure-test-tools does it)."""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    ok: int
    conflicts: int
    errors: int  # answers other than 2xx and 409, and connections that failed or timed out
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def ok_per_s(self) -> float:
        return self.ok / self.seconds


def write_fleet(fleet: Fleet, folder: Path) -> Path:
    """The fleet as the Lua scripts read it: one tenant or room a line."""
    path = folder / "fleet.txt"
    lines = [f"tenant {t.id} {t.token}" for t in fleet.tenants] + [f"room {r}" for r in fleet.rooms]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def threads_for(connections: int) -> int:
    # One thread per core the load generator may use; more only adds switching.
    return min(connections, 2)


async def run_wrk(
    url: str, script: str, connections: int, seconds: float, args: list[str]
) -> WrkResult:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise WrkMissing("wrk is not installed: apt-get install wrk")
    command = [
        wrk,
        f"--threads={threads_for(connections)}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        f"--script={SCRIPTS / script}",
        url,
        "--",
        *args,
    ]
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    lines = [line for line in out.decode().splitlines() if line.startswith(_MARKER)]
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({process.returncode}): {out.decode()}{err.decode()}")
    found = json.loads(lines[-1].removeprefix(_MARKER))
    return WrkResult(
        requests=found["requests"],
        seconds=found["duration_us"] / 1e6,
        ok=found["ok"],
        conflicts=found["conflicts"],
        errors=found["other_status"] + found["socket_errors"],
        p50_ms=found["p50_us"] / 1000,
        p95_ms=found["p95_us"] / 1000,
        p99_ms=found["p99_us"] / 1000,
    )
