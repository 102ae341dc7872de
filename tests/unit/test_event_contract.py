"""The committed contract docs (docs/asyncapi.yaml, docs/schemas, docs/events.md) are exactly
what the code generates, and what they promise holds: public topics only, every public event,
examples that the models and the published schemas both accept."""

import argparse
import json
import shutil

import pytest
import yaml
from jsonschema import Draft202012Validator

from bitc.doc_commands import add_doc_commands
from bitc.event_contract import commands as cli
from bitc.event_contract.catalogue import PublicEvent, public_events
from bitc.event_contract.examples import example_cloudevent
from contracts.topics import TENANCY_CONTACTS, TOPICS

EVENTS = public_events()


def _committed_schema(event: PublicEvent) -> dict:
    return json.loads((cli.SCHEMA_DIR / f"{event.file_stem}.json").read_text(encoding="utf-8"))


def test_committed_docs_equal_what_the_code_generates() -> None:
    stale = cli.stale_files()
    assert not stale, f"out of date: {stale}; regenerate with `{cli.REGENERATE}` and commit"


def test_published_schemas_changed_compatibly_only() -> None:
    problems = cli.incompatible_changes()
    assert not problems, f"{problems}; {cli.NEW_VERSION}"


def test_check_command_passes_on_the_committed_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check"]) == 0, capsys.readouterr().out


def test_catalogue_holds_every_event_of_the_public_topics_and_none_other() -> None:
    public = {spec.name for spec in TOPICS if spec.public}
    assert {event.topic.name for event in EVENTS} == public
    assert TENANCY_CONTACTS not in public
    types = [event.model.cloudevent_type() for event in EVENTS]
    assert len(types) == len(set(types)), "two classes claim one CloudEvents type"
    assert {"id.bitc.booking.confirmed.v1", "id.bitc.tenant.activated.v1"} <= set(types)


def test_asyncapi_document_has_every_public_topic_message_and_key() -> None:
    document = yaml.safe_load(cli.ASYNCAPI_FILE.read_text(encoding="utf-8"))
    assert document["asyncapi"] == "3.0.0"
    public = [spec.name for spec in TOPICS if spec.public]
    assert list(document["channels"]) == public, "exactly the public topics, no private one"
    messages = document["components"]["messages"]
    for event in EVENTS:
        channel = document["channels"][event.topic.name]
        assert event.model.__name__ in channel["messages"]
        message = messages[event.model.__name__]
        assert message["name"] == event.model.cloudevent_type()
        assert event.model.key_field in message["bindings"]["kafka"]["key"]["description"]
        envelope_ref = message["payload"]["$ref"].rsplit("/", 1)[-1]
        envelope = document["components"]["schemas"][envelope_ref]
        assert envelope["properties"]["type"] == {"const": event.model.cloudevent_type()}
        assert envelope["properties"]["dataschema"] == {"const": event.model.dataschema()}
    for operation in document["operations"].values():
        assert operation["action"] == "send"


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.file_stem)
def test_example_is_accepted_by_the_model_and_the_committed_schema(event: PublicEvent) -> None:
    example = example_cloudevent(event)
    schema = _committed_schema(event)
    assert schema["$id"] == example["dataschema"] == event.model.dataschema()
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [error.message for error in validator.iter_errors(example["data"])]
    assert not errors, errors
    assert event.model.model_validate(example["data"]).aggregate_id == example["subject"]
    assert f"#### `{event.model.cloudevent_type()}`" in cli.EVENTS_DOC.read_text(encoding="utf-8")


@pytest.fixture
def docs_copy(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """The commands working on a copy of docs/, so drift can be staged without touching git."""
    docs = tmp_path / "docs"
    shutil.copytree(cli.DOCS, docs)
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    monkeypatch.setattr(cli, "ASYNCAPI_FILE", docs / cli.ASYNCAPI_FILE.name)
    monkeypatch.setattr(cli, "SCHEMA_DIR", docs / "schemas")
    monkeypatch.setattr(cli, "EVENTS_DOC", docs / cli.EVENTS_DOC.name)
    return docs


def test_check_fails_on_a_hand_edited_document_and_generate_repairs_it(
    docs_copy, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncapi = docs_copy / "asyncapi.yaml"
    asyncapi.write_text(asyncapi.read_text().replace("partitions: 6", "partitions: 7", 1))
    assert cli.run("check") == 1
    out = capsys.readouterr().out
    assert "docs/asyncapi.yaml" in out
    assert cli.REGENERATE in out
    assert cli.run("generate") == 0
    assert cli.run("check") == 0


def test_generate_refuses_to_rewrite_a_published_schema_incompatibly(
    docs_copy, capsys: pytest.CaptureFixture[str]
) -> None:
    # As if the committed v1 had a required field the code has since dropped.
    path = docs_copy / "schemas" / "booking.confirmed.v1.json"
    published = json.loads(path.read_text())
    published["properties"]["room_number"] = {"type": "integer"}
    published["required"].append("room_number")
    path.write_text(json.dumps(published))
    assert cli.run("generate") == 1
    assert "data.room_number: removed (or renamed)" in capsys.readouterr().out
    assert json.loads(path.read_text()) == published, "the published schema was overwritten"


def test_the_bitc_cli_hook_registers_contract_generate_and_check() -> None:
    parser = argparse.ArgumentParser(prog="bitc")
    add_doc_commands(parser.add_subparsers(required=True))
    args = parser.parse_args(["contract", "check"])
    with pytest.raises(SystemExit) as exit_info:
        args.run(args)
    assert exit_info.value.code == 0
