"""Typed domain events: the base class every event model extends, the catalogue of them, and
the upcasters that let a consumer read older versions of an event as the version it knows.

An event class names itself once (``name``, ``version``, ``aggregate_type``, ``topic``); the
CloudEvents type, the data schema URI and the Kafka key are all derived from that, in one place.
"""

import re
from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

CLOUDEVENT_TYPE_PREFIX = "id.bitc"

#: Turns the ``data`` of one version of an event into the ``data`` of the next version.
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

_VERSION = re.compile(r"v(\d+)")


class DomainEvent(BaseModel):
    """An immutable fact. Subclasses declare their identity as class variables."""

    # Unknown fields are ignored, not refused: a producer may add optional fields to a published
    # version (a compatible change) and every existing consumer must go on reading it.
    model_config = ConfigDict(frozen=True, extra="ignore")

    name: ClassVar[str]
    version: ClassVar[int] = 1
    aggregate_type: ClassVar[str]
    topic: ClassVar[str]
    #: The field whose value is the aggregate id; it is the Kafka key and the CloudEvents subject.
    key_field: ClassVar[str]
    #: Published as a Kafka tombstone (null value) so compaction erases the key's earlier values.
    tombstone: ClassVar[bool] = False
    #: Set on an old version while it is published beside its successor (docs/events.md,
    #: "Versioning"): each copy then says so, and consumers that read the successor skip it.
    superseded_by: ClassVar[type["DomainEvent"] | None] = None

    @classmethod
    def cloudevent_type(cls) -> str:
        return f"{CLOUDEVENT_TYPE_PREFIX}.{cls.name}.v{cls.version}"

    @classmethod
    def dataschema(cls) -> str:
        return f"urn:bitc:schema:{cls.name}:v{cls.version}"

    @property
    def aggregate_id(self) -> str:
        return str(getattr(self, self.key_field))


class UnknownEventVersion(LookupError):
    """An event whose name we know but whose version we cannot read (a newer producer)."""


class Upcasters:
    """(event name, from version) → the upcaster producing the next version's data; chained."""

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}

    def register(self, name: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Decorator, used beside the models in contracts/: ``@UPCASTERS.register(name, 1)``."""

        def add(step: Upcaster) -> Upcaster:
            if (name, from_version) in self._steps:
                raise ValueError(f"{name} v{from_version} already has an upcaster")
            self._steps[(name, from_version)] = step
            return step

        return add

    def upcast(self, name: str, data: dict[str, Any], version: int, to: int) -> dict[str, Any]:
        while version < to:
            step = self._steps.get((name, version))
            if step is None:
                raise UnknownEventVersion(f"{name} v{version} has no upcaster to v{version + 1}")
            data, version = step(data), version + 1
        return data


#: The platform's upcasters; contracts modules register theirs here.
UPCASTERS = Upcasters()


class EventCatalog:
    """Turns received CloudEvents into the event models one consumer reads.

    A consumer names the version of each event it reads (normally the newest); a record of an
    older version is upcast to it, so handlers only ever see that one model.
    """

    def __init__(self, *event_classes: type[DomainEvent], upcasters: Upcasters = UPCASTERS):
        self._by_type = {cls.cloudevent_type(): cls for cls in event_classes}
        self._newest: dict[str, type[DomainEvent]] = {}
        for cls in sorted(event_classes, key=lambda c: c.version):
            self._newest[cls.name] = cls
        self._upcasters = upcasters

    def read(
        self, cloudevent_type: str, data: dict[str, Any], superseded_by: str | None = None
    ) -> DomainEvent | None:
        """The event, or None when it is not of interest (or is a copy of one we read anyway).

        Raises UnknownEventVersion for a known event at a version we cannot read, because
        silently skipping that would lose a fact we are meant to act on; pydantic's
        ValidationError when the data does not fit the model.
        """
        exact = self._by_type.get(cloudevent_type)
        if exact is not None:
            return exact.model_validate(data)
        name, _, suffix = cloudevent_type.removeprefix(f"{CLOUDEVENT_TYPE_PREFIX}.").rpartition(".")
        model = self._newest.get(name)
        if model is None:
            return None
        if superseded_by in self._by_type:
            return None  # the same fact is published at a version we read: we handle that copy
        version = _VERSION.fullmatch(suffix)
        if version is None or int(version[1]) > model.version:
            raise UnknownEventVersion(f"{name} version {suffix} is not supported")
        return model.model_validate(
            self._upcasters.upcast(name, data, int(version[1]), model.version)
        )
