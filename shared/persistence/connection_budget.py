"""How many PostgreSQL connections the platform may hold at once, so ``max_connections`` can be
sized for a replica count (``bitc connection-budget``; docs/operations.md, "Scale out")."""

from dataclasses import dataclass

#: The outbox relay's own session per instance: LISTEN and the publishing lock.
RELAY_CONNECTIONS = 1
#: ``bitc setup`` (the upgrade Job) holds one admin session at a time.
SETUP_CONNECTIONS = 1
#: PostgreSQL keeps these for superusers; the services' roles cannot use them.
DEFAULT_SUPERUSER_RESERVED = 3


def max_overflow(pool_size: int) -> int:
    """Connections the engine opens beyond its pool under a burst, closed again once returned."""
    return pool_size


def connections_per_instance(pool_size: int) -> int:
    return pool_size + max_overflow(pool_size) + RELAY_CONNECTIONS


@dataclass(frozen=True)
class ConnectionBudget:
    services: int
    replicas: int  # per service, the most the autoscaler may run
    pool_size: int  # DB_POOL_SIZE
    surge: int = 1  # extra pods of a rolling update (maxSurge)
    superuser_reserved: int = DEFAULT_SUPERUSER_RESERVED

    @property
    def instances(self) -> int:
        return self.services * (self.replicas + self.surge)

    @property
    def per_instance(self) -> int:
        return connections_per_instance(self.pool_size)

    @property
    def max_connections(self) -> int:
        """The least ``max_connections`` that lets every instance open all it may."""
        return self.instances * self.per_instance + SETUP_CONNECTIONS + self.superuser_reserved

    def explained(self) -> str:
        return (
            f"per instance: DB_POOL_SIZE {self.pool_size} + overflow "
            f"{max_overflow(self.pool_size)} + {RELAY_CONNECTIONS} relay = "
            f"{self.per_instance}\n"
            f"instances: {self.services} services x ({self.replicas} replicas + {self.surge} "
            f"rolling-update surge) = {self.instances}\n"
            f"max_connections >= {self.instances} x {self.per_instance} + {SETUP_CONNECTIONS} "
            f"setup + {self.superuser_reserved} superuser_reserved_connections = "
            f"{self.max_connections}"
        )
