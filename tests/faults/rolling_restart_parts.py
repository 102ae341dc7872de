"""The parts of the notifications rolling-restart drill
(tests/faults/test_notifications_rolling_restart.py): a slow SMTP relay that counts what it
accepted by Message-ID, two notifications instances restarted with SIGTERM as a rolling update
does, a steady trickle of bookings, and the table."""

import asyncio
import contextlib
import dataclasses
import email
import email.policy
import json
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx
import psutil

from bitc.devstack import DevStack
from bitc.devstack.ports import free_ports
from bitc.devstack.services import launch_service, wait_until_ready

PHASES = ("before restarts", "during restarts", "after restarts")
RELEASED_LOG = "shutdown: released unsent messages"


class SlowRelay:
    """An aiosmtpd handler: takes ``delay_s`` to accept each message, as a distant relay does, so
    a sending round of a few dozen messages outlasts the shutdown's grace for jobs."""

    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s
        #: (monotonic time accepted, notification id), in the order accepted.
        self.accepted: list[tuple[float, str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(self.delay_s)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        # Notifications names each e-mail <notification-id@its-domain>.
        notification_id = str(message["Message-ID"]).strip("<>").split("@")[0]
        self.accepted.append((time.monotonic(), notification_id))
        return "250 OK"

    def copies(self) -> Counter[str]:
        """How often each notification arrived."""
        return Counter(notification_id for _, notification_id in self.accepted)


@dataclass
class NotificationsInstances:
    """The platform's notifications process and a second one beside it, in one consumer group."""

    stack: DevStack
    envs: dict[str, Mapping[str, str]] = field(default_factory=dict)

    async def add_second(self) -> None:
        first = self.stack.table.get("notifications")
        assert first is not None
        assert first.port is not None
        self.envs["notifications"] = first.env
        [port] = free_ports(1)
        second = {**first.env, "HTTP_PORT": str(port), "INSTANCE_ID": "notifications-2"}
        self.envs["notifications-2"] = second
        await self._launch("notifications-2", port)

    def connected_from(self, port: int) -> str | None:
        """The instance with a TCP connection from local ``port`` (as PostgreSQL names a
        client by its port), if any."""
        for name in self.envs:
            record = self.stack.table.get(name)
            if record is None:
                continue
            with contextlib.suppress(psutil.NoSuchProcess):
                connections = psutil.Process(record.pid).net_connections(kind="tcp")
                if any(c.laddr and c.laddr.port == port for c in connections):
                    return name
        return None

    async def restart(self, name: str) -> None:
        """SIGTERM, the process ends by itself (60 s, the pod's grace), then a new one is ready."""
        record = self.stack.table.get(name)
        assert record is not None
        assert record.port is not None
        await asyncio.to_thread(self.stack.stop_service, name, None, 60)
        await self._launch(name, record.port)

    async def _launch(self, name: str, port: int) -> None:
        env = self.envs[name]
        log = self.stack.log_path(name)
        record = launch_service("notifications", port, env, self.stack.repo_root, log)
        record = dataclasses.replace(record, name=name)
        self.stack.table.put(record)
        await wait_until_ready(record, 120)

    def log_lines(self) -> list[dict]:
        lines = []
        for name in self.envs:
            path = self.stack.log_path(name)
            for line in path.read_text().splitlines() if path.exists() else []:
                if line.startswith("{"):
                    lines.append(json.loads(line))
        return lines

    def graceful_stops(self) -> int:
        return sum(line["message"] == "service stopped" for line in self.log_lines())

    def released_at_shutdown(self) -> int:
        return sum(line["released"] for line in self.log_lines() if line["message"] == RELEASED_LOG)


@dataclass
class BookingTrickle:
    """Books one slot after another at a steady pace (booking is not restarted here: each
    request is committed at once), so notifications owes one e-mail per booking."""

    booking: httpx.AsyncClient
    space_id: str
    tenant_id: str
    slots: object
    pause_s: float
    #: (monotonic time committed, booking id)
    booked: list[tuple[float, str]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        while not self.stop.is_set():
            await self.book_one()
            await asyncio.sleep(self.pause_s)

    async def burst(self, count: int) -> None:
        """``count`` bookings at once: a backlog of e-mail however fast the machine sends."""
        await asyncio.gather(*(self.book_one() for _ in range(count)))

    async def book_one(self) -> None:
        starts_at, ends_at = next(self.slots)
        body = {"space_id": self.space_id, "tenant_id": self.tenant_id}
        body |= {"starts_at": starts_at, "ends_at": ends_at}
        response = await self.booking.post("/bookings", json=body)
        assert response.status_code == 201, response.text
        self.booked.append((time.monotonic(), response.json()["id"]))


def phase_of(moment: float, restarts_began: float, restarts_ended: float) -> str:
    if moment < restarts_began:
        return PHASES[0]
    return PHASES[1] if moment < restarts_ended else PHASES[2]


def drill_table(per_phase: Mapping[str, tuple[int, int]], totals: Mapping[str, int]) -> str:
    """One row per phase (bookings committed, e-mails accepted by the relay), then the totals."""
    rows = [f"{'phase':<17}{'bookings':>10}{'e-mails delivered':>19}"]
    rows += [f"{phase:<17}{booked:>10}{sent:>19}" for phase, (booked, sent) in per_phase.items()]
    rows.append(" | ".join(f"{name} {value}" for name, value in totals.items()))
    return "\n".join(rows)
