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

    def ms_per(self, later: "CpuReading", units: int) -> dict[str, float]:
        """Milliseconds of CPU each process spent per unit between this reading and ``later``."""
        return {
            name: (later.seconds[name] - before) * 1000 / max(units, 1)
            for name, before in self.seconds.items()
        }


def resident_mb(processes: dict[str, psutil.Process]) -> dict[str, float]:
    return {name: p.memory_info().rss / 2**20 for name, p in processes.items()}
