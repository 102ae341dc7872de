"""What every aggregate of every service shares: it records the events its changes cause."""

from dataclasses import dataclass, field

from shared.messaging.events import DomainEvent


@dataclass(kw_only=True)
class Aggregate:
    events: list[DomainEvent] = field(default_factory=list, compare=False, repr=False)

    def record(self, event: DomainEvent) -> None:
        self.events.append(event)
