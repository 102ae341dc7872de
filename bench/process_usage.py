"""CPU time and resident memory of the services' processes, read by psutil from the pids in
the stack's process table: CPU as a difference of two readings around a load, per unit of
work done in between."""

from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class CpuReading:
    seconds: dict[str, float]

    @classmethod
    def of(cls, processes: dict[str, psutil.Process]) -> "CpuReading":
        times = {name: p.cpu_times() for name, p in processes.items()}
        return cls({name: t.user + t.system for name, t in times.items()})

    @classmethod
    def of_trees(cls, processes: dict[str, psutil.Process]) -> "CpuReading":
        """Each process with its children, living and exited (PostgreSQL does its work in one
        child per connection)."""
        return cls({name: _with_children(p) for name, p in processes.items()})

    def __or__(self, other: "CpuReading") -> "CpuReading":
        return CpuReading(self.seconds | other.seconds)

    def ms_per(self, later: "CpuReading", units: int) -> dict[str, float]:
        """Milliseconds of CPU each process spent per unit between this reading and ``later``."""
        return {
            name: (later.seconds[name] - before) * 1000 / max(units, 1)
            for name, before in self.seconds.items()
        }


def _with_children(process: psutil.Process) -> float:
    # Each process of the tree with the children it has reaped: PostgreSQL's postmaster (itself
    # a child of runuser when started as root) reaps the backends of closed connections.
    seconds = 0.0
    for member in (process, *process.children(recursive=True)):
        try:
            times = member.cpu_times()
        except psutil.NoSuchProcess:
            continue
        seconds += times.user + times.system + times.children_user + times.children_system
    return seconds


def resident_mb(processes: dict[str, psutil.Process]) -> dict[str, float]:
    return {name: p.memory_info().rss / 2**20 for name, p in processes.items()}
