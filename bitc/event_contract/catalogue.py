"""Which events are public: every concrete event class in ``contracts`` whose topic is public."""

import importlib
import inspect
import pkgutil
from dataclasses import dataclass

import contracts
from contracts.topics import TOPICS, TopicSpec
from shared.messaging.events import DomainEvent


@dataclass(frozen=True)
class PublicEvent:
    model: type[DomainEvent]
    topic: TopicSpec

    @property
    def file_stem(self) -> str:
        """``booking.confirmed.v1``: the schema file name, one per event name and version."""
        return f"{self.model.name}.v{self.model.version}"

    @property
    def service(self) -> str:
        return self.topic.name.split(".")[1]

    @property
    def source(self) -> str:
        return f"/bitc/{self.service}"

    @property
    def summary(self) -> str:
        # The class's own docstring only: an inherited one describes the base, not this event.
        own = self.model.__dict__.get("__doc__")
        return inspect.cleandoc(own) if own else ""

    @property
    def key_description(self) -> str:
        return f"data.{self.model.key_field} (also the CloudEvents subject)"


def public_topics() -> list[TopicSpec]:
    return [spec for spec in TOPICS if spec.public]


def topic_ordering(topic: TopicSpec) -> str:
    """The module docstring of the contracts module whose events use the topic: it states the
    keys and what is ordered against what, in the words of the people who chose them."""
    modules = {event.model.__module__ for event in public_events() if event.topic == topic}
    docs = (inspect.getdoc(importlib.import_module(name)) or "" for name in sorted(modules))
    return "\n\n".join(doc for doc in docs if doc)


def public_events() -> list[PublicEvent]:
    """Sorted by topic (in TOPICS order), then name and version, so generated files are stable."""
    for module in pkgutil.iter_modules(contracts.__path__):
        importlib.import_module(f"{contracts.__name__}.{module.name}")
    specs = {spec.name: spec for spec in public_topics()}
    order = {spec.name: index for index, spec in enumerate(TOPICS)}
    events = [
        PublicEvent(cls, specs[cls.topic])
        for cls in _subclasses(DomainEvent)
        if cls.__module__.startswith(f"{contracts.__name__}.")
        and isinstance(cls.__dict__.get("name"), str)
        and cls.topic in specs
    ]
    return sorted(events, key=lambda e: (order[e.topic.name], e.model.name, e.model.version))


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found
