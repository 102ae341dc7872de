"""Native dev stack: Kafka (from Maven Central jars) and PostgreSQL run as local processes,
plus a mail catcher and the three services, all started from and recorded in one state folder.
No Docker needed.

    stack = DevStack(state_dir, pick_free_ports())
    endpoints = await stack.start_infra()
    await bitc.provision.setup_platform(endpoints.admin_dsn, endpoints.kafka_bootstrap, passwords)
    await stack.start_service("booking", {...})
    stack.stop_all()
"""

import importlib
from typing import Any

# Each name is imported on first use (PEP 562): a caller needing only the dev signing key or the
# ports (``bitc token``, ``bitc --help``) must not load the Kafka and PostgreSQL launchers.
_HOMES = {
    "SERVICES": "bitc.devstack.ports",
    "DevStack": "bitc.devstack.stack",
    "DevStackError": "bitc.devstack.errors",
    "Endpoints": "bitc.devstack.infra",
    "Ports": "bitc.devstack.ports",
    "ProcessRecord": "bitc.devstack.processes",
    "ProcessStatus": "bitc.devstack.records",
    "free_ports": "bitc.devstack.ports",
    "pick_free_ports": "bitc.devstack.ports",
    "throwaway_stack": "bitc.devstack.throwaway",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
