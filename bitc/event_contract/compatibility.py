"""Whether a published event schema may change into another without breaking subscribers.

The rule (docs/events.md, "Versioning"): within a version, the only allowed changes are
- a new OPTIONAL property (consumers ignore what they do not know), and
- removing an enum value (consumers never see it again);
plus wording (title, description, examples). Everything else breaks someone: removing or
renaming a property, changing a type, format, pattern or bound, making a property required or
optional, and ADDING an enum value, because subscribers that validate strictly (or switch over
the values) would reject or mishandle it. Such a change ships as a new version beside the old.
"""

from typing import Any

Schema = dict[str, Any]

_ANNOTATIONS = frozenset({"title", "description", "examples", "default", "deprecated", "$comment"})
_STRUCTURAL = frozenset({"$defs", "$schema", "properties", "required", "enum", "items"})
_COMBINATORS = ("anyOf", "oneOf", "allOf", "prefixItems")


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Why ``new`` cannot replace ``old`` under the same version; empty when it can."""
    return _compare(old, new, old, new, "data")


def published_schema_problems(
    committed: dict[str, Schema], generated: dict[str, Schema]
) -> list[str]:
    """Every committed (published) schema must still be generated and be compatible with it."""
    problems = []
    for name, old in sorted(committed.items()):
        new = generated.get(name)
        if new is None:
            problems.append(f"{name}: published, but no event class generates it any more")
        else:
            problems += [f"{name}: {change}" for change in breaking_changes(old, new)]
    return problems


def _compare(old: Any, new: Any, old_root: Schema, new_root: Schema, path: str) -> list[str]:
    old, new = _resolve(old, old_root), _resolve(new, new_root)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else [f"{path}: changed from {old!r} to {new!r}"]
    problems = [
        f"{path}: {key} changed from {old.get(key)!r} to {new.get(key)!r}"
        for key in sorted(
            (old.keys() | new.keys()) - _ANNOTATIONS - _STRUCTURAL - set(_COMBINATORS)
        )
        if old.get(key) != new.get(key)
    ]
    problems += _compare_properties(old, new, old_root, new_root, path)
    problems += _compare_enum(old, new, path)
    if "items" in old or "items" in new:
        problems += _compare(old.get("items"), new.get("items"), old_root, new_root, f"{path}[]")
    for key in _COMBINATORS:
        old_options, new_options = old.get(key, []), new.get(key, [])
        if len(old_options) != len(new_options):
            problems.append(f"{path}: {key} has {len(new_options)} options, was {len(old_options)}")
            continue
        for index, (before, after) in enumerate(zip(old_options, new_options, strict=True)):
            problems += _compare(before, after, old_root, new_root, f"{path}.{key}[{index}]")
    return problems


def _compare_properties(
    old: Schema, new: Schema, old_root: Schema, new_root: Schema, path: str
) -> list[str]:
    old_properties, new_properties = old.get("properties", {}), new.get("properties", {})
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    problems = []
    for name, before in old_properties.items():
        if name not in new_properties:
            problems.append(f"{path}.{name}: removed (or renamed)")
        else:
            problems += _compare(before, new_properties[name], old_root, new_root, f"{path}.{name}")
    for name in sorted(new_required - old_required):
        what = "became required" if name in old_properties else "is a new REQUIRED property"
        problems.append(f"{path}.{name}: {what}")
    for name in sorted((old_required - new_required) & new_properties.keys()):
        problems.append(f"{path}.{name}: is no longer required (subscribers rely on it)")
    return problems


def _compare_enum(old: Schema, new: Schema, path: str) -> list[str]:
    if "enum" not in old and "enum" not in new:
        return []
    if "enum" not in old or "enum" not in new:
        return [f"{path}: enum {'dropped' if 'enum' in old else 'introduced'}"]
    added = [value for value in new["enum"] if value not in old["enum"]]
    return [f"{path}: enum values added {added}"] if added else []


def _resolve(node: Any, root: Schema) -> Any:
    """Follows local ``$ref``s (pydantic's ``#/$defs/...``) so a moved definition is no change."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node
