"""Typed domain events: the base class every event model extends, and the catalogue of them.

An event class names itself once (``name``, ``version``, ``aggregate_type``, ``topic``); the
CloudEvents type, the data schema URI and the Kafka key are all derived from that, in one place.
"""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

CLOUDEVENT_TYPE_PREFIX = "id.bitc"


class DomainEvent(BaseModel):
    """An immutable fact. Subclasses declare their identity as class variables."""

    # Unknown fields are ignored, not refused: a producer may add fields to a published version
    # (design.md §2) and every existing consumer must go on reading it.
    model_config = ConfigDict(frozen=True, extra="ignore")

    name: ClassVar[str]
    version: ClassVar[int] = 1
    aggregate_type: ClassVar[str]
    topic: ClassVar[str]
    #: The field whose value is the aggregate id; it is the Kafka key and the CloudEvents subject.
    key_field: ClassVar[str]
    #: Published as a Kafka tombstone (null value) so compaction erases the key's earlier values.
    tombstone: ClassVar[bool] = False

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
    """An event whose name we know but whose version we do not (a newer producer)."""


class EventCatalog:
    """Maps CloudEvents types to event models, for the events one consumer understands."""

    def __init__(self, *event_classes: type[DomainEvent]) -> None:
        self._by_type = {cls.cloudevent_type(): cls for cls in event_classes}
        self._names = {cls.name for cls in event_classes}

    def resolve(self, cloudevent_type: str) -> type[DomainEvent] | None:
        """The model for a type, None when the event is simply not of interest to us.

        Raises UnknownEventVersion for a known event at a version we cannot read, because
        silently skipping that would lose a fact we are meant to act on.
        """
        cls = self._by_type.get(cloudevent_type)
        if cls is not None:
            return cls
        name, _, version = cloudevent_type.removeprefix(f"{CLOUDEVENT_TYPE_PREFIX}.").rpartition(
            "."
        )
        if name in self._names and version.startswith("v"):
            raise UnknownEventVersion(f"{name} version {version} is not supported")
        return None
