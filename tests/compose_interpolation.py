"""Variable interpolation as the Compose Specification defines it (its "Interpolation" chapter;
Docker Compose's own implementation is compose-go's template package): ``$VAR``, ``${VAR}``,
``${VAR:-default}``, ``${VAR-default}``, ``${VAR:?err}``, ``${VAR?err}``, ``${VAR:+alt}``,
``${VAR+alt}``, nesting inside the default or message, and ``$$`` for a literal ``$``. Values
are interpolated, keys are not. No Python library keeps this up to date, so the tests of
docker-compose.yml carry this small one, with tests of its own."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_NAME = re.compile(r"[_a-z][_a-z0-9]*", re.IGNORECASE)
_BRACED = re.compile(r"([_a-z][_a-z0-9]*)(?:(:?[-+?])(.*))?", re.IGNORECASE | re.DOTALL)


class InvalidTemplate(ValueError):
    pass


class MissingRequired(ValueError):
    """What compose reports before it starts anything: ``required variable X is missing``."""

    def __init__(self, variable: str, reason: str) -> None:
        super().__init__(f"required variable {variable} is missing a value: {reason}")
        self.variable = variable


@dataclass
class Interpolation:
    environment: Mapping[str, str]
    #: Variables used without a default that the environment lacks (compose warns and puts "").
    unset: set[str] = field(default_factory=set)

    def document(self, node: Any) -> Any:
        if isinstance(node, str):
            return self.text(node)
        if isinstance(node, dict):
            return {key: self.document(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self.document(value) for value in node]
        return node

    def text(self, template: str) -> str:
        out, i = [], 0
        while i < len(template):
            if template[i] != "$":
                out.append(template[i])
                i += 1
            elif template.startswith("$$", i):
                out.append("$")
                i += 2
            elif template.startswith("${", i):
                end = _closing_brace(template, i + 1)
                out.append(self._braced(template[i + 2 : end], template))
                i = end + 1
            elif name := _NAME.match(template, i + 1):
                out.append(self._value(name[0]))
                i = name.end()
            else:  # a "$" that starts no variable stays as it is
                out.append("$")
                i += 1
        return "".join(out)

    def _value(self, name: str) -> str:
        if name not in self.environment:
            self.unset.add(name)
        return self.environment.get(name, "")

    def _braced(self, body: str, template: str) -> str:
        match = _BRACED.fullmatch(body)
        if match is None:
            raise InvalidTemplate(f"invalid template: {template!r}")
        name, operator, argument = match.groups()
        if operator is None:
            return self._value(name)
        value = self.environment.get(name)
        present = value is not None and (value != "" or not operator.startswith(":"))
        if operator.endswith("-"):
            return value if present and value is not None else self.text(argument)
        if operator.endswith("+"):
            return self.text(argument) if present else ""
        if not present:
            raise MissingRequired(name, self.text(argument))
        return value or ""


def _closing_brace(template: str, opening: int) -> int:
    depth = 0
    for i in range(opening, len(template)):
        if template[i] == "{":
            depth += 1
        elif template[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise InvalidTemplate(f"invalid template: {template!r} (no closing brace)")
