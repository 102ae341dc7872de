"""``bitc dlq list|show|replay|discard``: what operators do with a service's dead letters."""

import argparse
import asyncio
import getpass
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from bitc import dead_letter_admin as admin
from bitc.operator_kafka import explained_refusals, operator_kafka
from bitc.provision import SERVICES
from shared.kafka_clients import KafkaSecurity

T = TypeVar("T")


def add_dlq_commands(commands: argparse._SubParsersAction) -> None:
    dlq = commands.add_parser("dlq", help="inspect, replay or discard a service's dead letters")
    dlq.add_argument(
        "--kafka", help="bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS, else the dev stack)"
    )
    actions = dlq.add_subparsers(required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="dead letters still needing attention")
    listing.add_argument("service", choices=SERVICES)
    listing.add_argument(
        "--all", action="store_true", help="also those already replayed or discarded"
    )
    listing.set_defaults(run=_list)
    for name, run, what in (
        ("show", _show, "one dead letter with its headers and body"),
        ("replay", _replay, "publish the original event to its topic again"),
        ("discard", _discard, "mark as dealt with, without replaying"),
    ):
        action = actions.add_parser(name, help=what)
        action.add_argument("service", choices=SERVICES)
        action.add_argument(
            "position", help="PARTITION:OFFSET on the dead-letter topic, as `list` shows"
        )
        if name == "discard":
            action.add_argument("--why", required=True, help="recorded with the decision")
        action.set_defaults(run=run)


def _run(
    args: argparse.Namespace, call: Callable[[str, KafkaSecurity], Coroutine[Any, Any, T]]
) -> T:
    """Runs ``call(bootstrap, security)`` as the operator: the environment's Kafka credentials
    (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*), a refusal told as what to set."""
    kafka = operator_kafka(args.kafka)
    with explained_refusals("bitc dlq", kafka):
        return asyncio.run(call(kafka.bootstrap, kafka.security))


def _letters(args: argparse.Namespace) -> list[admin.DeadLetterView]:
    return _run(args, lambda kafka, sec: admin.read_dead_letters(kafka, args.service, sec))


def _one(args: argparse.Namespace) -> admin.DeadLetterView:
    found = [letter for letter in _letters(args) if letter.position == args.position]
    if not found:
        sys.exit(
            f"bitc dlq: no dead letter at {args.position} for {args.service}; see `bitc dlq list`"
        )
    return found[0]


def _list(args: argparse.Namespace) -> None:
    letters = [letter for letter in _letters(args) if args.all or letter.resolution is None]
    if not letters:
        print(f"no dead letters need attention for {args.service}")
    for letter in letters:
        state = letter.resolution or "open"
        print(
            f"{letter.position:<10} {letter.reason:<16} {letter.event_type:<40} "
            f"from {letter.origin}  [{state}]"
        )


def _show(args: argparse.Namespace) -> None:
    letter = _one(args)
    for key, value in letter.record.headers or ():
        print(f"{key}: {value.decode(errors='replace')}")
    print()
    print((letter.record.value or b"<null>").decode(errors="replace"))


def _replay(args: argparse.Namespace) -> None:
    letter = _one(args)
    _run(args, lambda kafka, sec: admin.replay(kafka, args.service, letter, getpass.getuser(), sec))
    print(f"replayed {letter.position} to {letter.origin.split('/', 1)[0]}")


def _discard(args: argparse.Namespace) -> None:
    letter = _one(args)
    who = getpass.getuser()
    _run(args, lambda kafka, sec: admin.discard(kafka, args.service, letter, who, args.why, sec))
    print(f"discarded {letter.position}")
