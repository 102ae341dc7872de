"""The schema compatibility rule itself, on synthetic before/after schemas."""

import copy

from bitc.event_contract.compatibility import breaking_changes, published_schema_problems

V1 = {
    "$id": "urn:bitc:schema:thing.happened:v1",
    "$defs": {"Kind": {"enum": ["a", "b"], "type": "string"}},
    "type": "object",
    "required": ["thing_id", "kind"],
    "properties": {
        "thing_id": {"type": "string", "format": "uuid"},
        "kind": {"$ref": "#/$defs/Kind"},
        "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
    },
}


def _changed(edit) -> dict:
    schema = copy.deepcopy(V1)
    edit(schema)
    return schema


def test_identical_and_reworded_schemas_are_compatible() -> None:
    assert breaking_changes(V1, copy.deepcopy(V1)) == []
    reworded = _changed(lambda s: s["properties"]["thing_id"].update(description="The thing"))
    assert breaking_changes(V1, reworded) == []


def test_a_new_optional_property_is_compatible() -> None:
    added = _changed(lambda s: s["properties"].update(count={"type": "integer"}))
    assert breaking_changes(V1, added) == []


def test_a_removed_property_breaks() -> None:
    removed = _changed(lambda s: s["properties"].pop("note"))
    assert breaking_changes(V1, removed) == ["data.note: removed (or renamed)"]


def test_a_type_change_breaks_also_inside_an_option() -> None:
    retyped = _changed(lambda s: s["properties"]["thing_id"].update(type="integer"))
    assert breaking_changes(V1, retyped) == [
        "data.thing_id: type changed from 'string' to 'integer'"
    ]
    nullable = _changed(lambda s: s["properties"]["note"]["anyOf"][0].update(type="number"))
    assert breaking_changes(V1, nullable) == [
        "data.note.anyOf[0]: type changed from 'string' to 'number'"
    ]


def test_a_new_required_property_or_a_newly_required_one_breaks() -> None:
    def require_count(schema: dict) -> None:
        schema["properties"]["count"] = {"type": "integer"}
        schema["required"].append("count")

    assert breaking_changes(V1, _changed(require_count)) == [
        "data.count: is a new REQUIRED property"
    ]
    required_note = _changed(lambda s: s["required"].append("note"))
    assert breaking_changes(V1, required_note) == ["data.note: became required"]


def test_an_added_enum_value_breaks_and_a_removed_one_does_not() -> None:
    added = _changed(lambda s: s["$defs"]["Kind"]["enum"].append("c"))
    assert breaking_changes(V1, added) == ["data.kind: enum values added ['c']"]
    removed = _changed(lambda s: s["$defs"]["Kind"]["enum"].remove("b"))
    assert breaking_changes(V1, removed) == []


def test_a_breaking_change_as_a_new_version_beside_the_old_one_passes() -> None:
    v2 = _changed(lambda s: s["properties"].pop("note"))
    v2["$id"] = "urn:bitc:schema:thing.happened:v2"
    committed = {"thing.happened.v1.json": V1}
    generated = {"thing.happened.v1.json": copy.deepcopy(V1), "thing.happened.v2.json": v2}
    assert published_schema_problems(committed, generated) == []


def test_changing_or_dropping_a_published_version_fails() -> None:
    committed = {"thing.happened.v1.json": V1}
    in_place = {"thing.happened.v1.json": _changed(lambda s: s["properties"].pop("note"))}
    assert published_schema_problems(committed, in_place) == [
        "thing.happened.v1.json: data.note: removed (or renamed)"
    ]
    assert published_schema_problems(committed, {}) == [
        "thing.happened.v1.json: published, but no event class generates it any more"
    ]
