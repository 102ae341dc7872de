"""How many copies of each topic Kafka keeps, and how many must have a write before it counts:
deployment settings of ``bitc setup`` (production defaults 3 and 2, so one broker can fail
without losing or refusing an acknowledged event), not part of a topic's contract.

Setup never lowers what it finds: an existing topic keeps a higher ``min.insync.replicas`` the
Kafka team set, and every other setting of theirs (docs/operations.md, "Kafka topics")."""

from collections.abc import Mapping
from dataclasses import dataclass

from shared.runtime.secret_files import env_or_file

MIN_INSYNC = "min.insync.replicas"


class DurabilityError(ValueError):
    """The settings cannot be met; the message names the setting to change."""


@dataclass(frozen=True)
class TopicDurability:
    replication_factor: int = 3
    min_insync_replicas: int = 2

    def __post_init__(self) -> None:
        if self.replication_factor < 1 or self.min_insync_replicas < 1:
            raise DurabilityError(
                "KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS must be 1 or more"
            )
        if self.min_insync_replicas > self.replication_factor:
            raise DurabilityError(
                f"KAFKA_MIN_INSYNC_REPLICAS={self.min_insync_replicas} is more than "
                f"KAFKA_REPLICATION_FACTOR={self.replication_factor}: no write could succeed"
            )

    @classmethod
    def from_environment(cls) -> "TopicDurability":
        return cls(
            _whole_number(
                "KAFKA_REPLICATION_FACTOR",
                env_or_file("KAFKA_REPLICATION_FACTOR"),
                cls.replication_factor,
            ),
            _whole_number(
                "KAFKA_MIN_INSYNC_REPLICAS",
                env_or_file("KAFKA_MIN_INSYNC_REPLICAS"),
                cls.min_insync_replicas,
            ),
        )

    def configs_to_apply(
        self, wanted: Mapping[str, str], found: Mapping[str, str]
    ) -> dict[str, str] | None:
        """The topic's own settings after setup, given its spec's (``wanted``) and those already
        set on the topic (``found``); None when nothing changes. AlterConfigs replaces the whole
        set, so what others set stays in it, and min-ISR only ever goes up."""
        merged = {**found, **wanted}
        merged[MIN_INSYNC] = str(max(self.min_insync_replicas, int(found.get(MIN_INSYNC, 0))))
        return None if merged == dict(found) else merged


#: The native dev stack and the tests: one broker can hold one copy only.
SINGLE_BROKER = TopicDurability(replication_factor=1, min_insync_replicas=1)


def _whole_number(name: str, raw: str | None, default: int) -> int:
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise DurabilityError(f"{name}={raw!r} is not a whole number") from None
