"""Which 127.0.0.1 ports the dev stack listens on, and checks that they are free."""

from __future__ import annotations

import json
import socket
from contextlib import ExitStack
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from bitc.devstack.errors import DevStackError

SERVICES = ("tenancy", "booking", "notifications", "console")
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Ports:
    """Listening ports; the defaults are for a developer's stack, tests pick free ones."""

    kafka: int = 19092
    kafka_controller: int = 19093
    postgres: int = 15432
    tenancy: int = 8001
    booking: int = 8002
    notifications: int = 8003
    console: int = 8004
    mail: int = 10025  # the mail catcher's SMTP port
    keycloak: int = 18080  # the SSO (bitc/devstack/keycloak.py)
    keycloak_management: int = 18081  # its health endpoints

    def service(self, name: str) -> int:
        """The HTTP port of service `name`."""
        if name not in SERVICES:
            raise DevStackError(f"unknown service {name!r}: use one of {', '.join(SERVICES)}")
        port: int = getattr(self, name)
        return port

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> Ports | None:
        """The ports saved by the last start in this state folder, so `status`/`down` agree."""
        if not path.exists():
            return None
        saved = json.loads(path.read_text())
        return cls(**{f.name: saved[f.name] for f in fields(cls) if f.name in saved})


def free_ports(count: int) -> list[int]:
    """`count` distinct ports that were free a moment ago.

    All sockets stay bound until every port is chosen, so the kernel cannot hand out one twice.
    """
    with ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in socks:
            sock.bind((HOST, 0))
        return [sock.getsockname()[1] for sock in socks]


def pick_free_ports() -> Ports:
    """A full set of free ports, for a second stack beside a developer's (tests)."""
    return Ports(*free_ports(len(fields(Ports))))


def ensure_port_free(port: int, what: str) -> None:
    """Raise if something already listens on 127.0.0.1:`port`.

    SO_REUSEADDR mirrors what the servers themselves set, so a port in TIME_WAIT counts as free
    and only a real listener is reported.
    """
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            raise DevStackError(
                f"port {port} for {what} on {HOST} is already in use ({exc.strerror}): "
                f"stop whatever holds it (`ss -ltnp 'sport = :{port}'`) or choose other ports"
            ) from None
