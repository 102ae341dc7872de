"""Checks a record against the published contract: CloudEvents 1.0 envelope, then ``data``
against the JSON Schema whose ``$id`` is the event's ``dataschema`` (docs/schemas/*.json)."""

import json
from pathlib import Path

from jsonschema import Draft202012Validator

REQUIRED = ("specversion", "id", "source", "type", "subject", "time", "dataschema", "data")


class InvalidEvent(ValueError):
    pass


class Contract:
    def __init__(self, schema_dir: Path) -> None:
        self._validators = {}
        for path in sorted(schema_dir.glob("*.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            self._validators[schema["$id"]] = Draft202012Validator(
                schema, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
        if not self._validators:
            raise SystemExit(f"no JSON Schemas in {schema_dir}")

    def knows(self, dataschema: str) -> bool:
        return dataschema in self._validators

    def validate(self, value: bytes | None) -> dict:
        """The decoded event; raises InvalidEvent saying what is wrong with it."""
        try:
            event = json.loads(value or b"")
        except ValueError as error:
            raise InvalidEvent(f"not JSON: {error}") from error
        if not isinstance(event, dict):
            raise InvalidEvent("not a JSON object")
        missing = [name for name in REQUIRED if name not in event]
        if missing:
            raise InvalidEvent(f"missing CloudEvents attributes {missing}")
        if event["specversion"] != "1.0":
            raise InvalidEvent(f"specversion {event['specversion']!r} is not 1.0")
        validator = self._validators.get(event["dataschema"])
        if validator is not None:
            errors = sorted(validator.iter_errors(event["data"]), key=lambda e: list(e.path))
            if errors:
                where = "/".join(str(part) for part in errors[0].path) or "data"
                raise InvalidEvent(f"{event['type']} {where}: {errors[0].message}")
        return event
