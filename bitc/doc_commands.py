"""``bitc contract generate|check`` and ``bitc security generate|check``: the generated parts
of the docs (event contract: bitc/event_contract/; endpoint-by-role table: bitc/security_table.py).
``check`` exits 1 when the committed docs no longer match the code."""

import argparse

from bitc.command_runs import Run

_GENERATED = (
    (
        "contract",
        "generate or check docs/asyncapi.yaml, docs/schemas, docs/events.md",
        "bitc.event_contract.commands:run_command",
    ),
    (
        "security",
        "generate or check the endpoint-by-role table in docs/security.md",
        "bitc.security_table:run_command",
    ),
)


def add_doc_commands(commands: argparse._SubParsersAction) -> None:
    for name, what, target in _GENERATED:
        command = commands.add_parser(name, help=what)
        command.add_argument("command", choices=("generate", "check"))
        command.set_defaults(run=Run(target))
