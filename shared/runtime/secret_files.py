"""Secrets from mounted files: ``<NAME>_FILE`` names a file whose content is the value of
``<NAME>`` (Docker and Kubernetes secrets are mounted as files, which, unlike environment
variables, do not show in ``docker inspect`` or a process listing). Every process reads its
settings this way: the services through their settings class, the ``bitc`` tools directly."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_settings import PydanticBaseSettingsSource


class SecretConflictError(ValueError):
    """Both NAME and NAME_FILE are set: which one is meant is not ours to guess."""


def env_or_file(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The value of ``name`` from the environment, or from the file ``name_FILE`` points at."""
    environ = os.environ if environ is None else environ
    direct, path = environ.get(name), environ.get(f"{name}_FILE")
    if direct and path:
        raise SecretConflictError(f"set {name} or {name}_FILE, not both")
    if path:
        # Editors and `kubectl create secret --from-file` leave a trailing newline.
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    return direct


class FileReferenceSource(PydanticBaseSettingsSource):
    """pydantic-settings source for the ``<FIELD>_FILE`` variables of a settings class."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        name = field_name.upper()
        if not os.environ.get(f"{name}_FILE"):
            return None, field_name, False
        return env_or_file(name), field_name, False

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field_name, field in self.settings_cls.model_fields.items():
            value, key, _ = self.get_field_value(field, field_name)
            if value is not None:
                complex_ = self.field_is_complex(field)
                values[key] = self.decode_complex_value(key, field, value) if complex_ else value
        return values
