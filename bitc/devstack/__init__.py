"""Native dev stack: Kafka (from Maven Central jars) and PostgreSQL run as local processes,
plus a mail catcher and the three services, all started from and recorded in one state folder.
No Docker needed.

    stack = DevStack(state_dir, pick_free_ports())
    endpoints = await stack.start_infra()
    await bitc.provision.setup_platform(endpoints.admin_dsn, endpoints.kafka_bootstrap, passwords)
    await stack.start_service("booking", {...})
    stack.stop_all()
"""

from bitc.devstack.errors import DevStackError
from bitc.devstack.infra import Endpoints
from bitc.devstack.ports import SERVICES, Ports, free_ports, pick_free_ports
from bitc.devstack.processes import ProcessRecord
from bitc.devstack.records import ProcessStatus
from bitc.devstack.stack import DevStack
from bitc.devstack.throwaway import throwaway_stack

__all__ = [
    "SERVICES",
    "DevStack",
    "DevStackError",
    "Endpoints",
    "Ports",
    "ProcessRecord",
    "ProcessStatus",
    "free_ports",
    "pick_free_ports",
    "throwaway_stack",
]
