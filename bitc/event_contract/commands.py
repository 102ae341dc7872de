"""``generate`` writes the contract docs, ``check`` verifies them: ``python -m bitc.event_contract
generate|check``, or ``bitc contract generate|check`` once the CLI registers them.

``check`` exits 1 when a committed file differs from what the code generates, or when a
published schema was changed incompatibly; ``generate`` refuses to overwrite a published schema
with an incompatible one (that change must ship as a new event version beside the old one).
"""

import argparse
import sys
from pathlib import Path

from bitc.event_contract import asyncapi, json_schemas
from bitc.event_contract.compatibility import published_schema_problems
from bitc.event_contract.events_doc import with_generated_section

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ASYNCAPI_FILE = DOCS / "asyncapi.yaml"
SCHEMA_DIR = DOCS / "schemas"
EVENTS_DOC = DOCS / "events.md"
REGENERATE = "python -m bitc.event_contract generate"
NEW_VERSION = (
    "publish the change as a new version: a new event class with `version = N + 1` beside the "
    "old one (docs/events.md, Versioning)"
)


def expected_files() -> dict[Path, str]:
    """Every generated file and its content."""
    files = {ASYNCAPI_FILE: asyncapi.render(asyncapi.asyncapi_document())}
    for name, schema in json_schemas.generated_schemas().items():
        files[SCHEMA_DIR / name] = json_schemas.render(schema)
    files[EVENTS_DOC] = with_generated_section(EVENTS_DOC.read_text(encoding="utf-8"))
    return files


def incompatible_changes() -> list[str]:
    committed = json_schemas.committed_schemas(SCHEMA_DIR)
    return published_schema_problems(committed, json_schemas.generated_schemas())


def stale_files() -> list[str]:
    expected = expected_files()
    # A committed schema no event generates any more is an incompatible change, reported apart.
    return [
        str(path.relative_to(ROOT))
        for path, content in expected.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != content
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bitc.event_contract", description=__doc__)
    parser.add_argument("command", choices=("generate", "check"))
    return run(parser.parse_args(argv).command)


def run_command(args: argparse.Namespace) -> None:
    """``bitc contract generate|check`` (bitc/doc_commands.py)."""
    sys.exit(run(args.command))


def run(command: str) -> int:
    incompatible = incompatible_changes()
    if incompatible:
        print("Incompatible changes to published event schemas:", *incompatible, sep="\n  ")
        print(f"Do not edit the committed schema; {NEW_VERSION}.")
        return 1
    if command == "generate":
        SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
        for path, content in expected_files().items():
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    stale = stale_files()
    if stale:
        print("Out of date with the code:", *stale, sep="\n  ")
        print(f"Regenerate with: {REGENERATE}")
        return 1
    print("event contract docs are up to date")
    return 0
