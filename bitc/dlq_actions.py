"""What ``bitc dlq list|show|replay|discard`` do (the parser is bitc/dlq_commands.py)."""

import argparse
import asyncio
import getpass
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from bitc import dead_letter_admin as admin
from bitc.operator_kafka import explained_refusals, operator_kafka
from shared.messaging.kafka_clients import KafkaSecurity

T = TypeVar("T")


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


def list_letters(args: argparse.Namespace) -> None:
    letters = [letter for letter in _letters(args) if args.all or letter.resolution is None]
    if not letters:
        print(f"no dead letters need attention for {args.service}")
    for letter in letters:
        state = letter.resolution or "open"
        print(
            f"{letter.position:<10} {letter.reason:<16} {letter.event_type:<40} "
            f"from {letter.origin}  [{state}]"
        )


def show(args: argparse.Namespace) -> None:
    letter = _one(args)
    for key, value in letter.record.headers or ():
        print(f"{key}: {value.decode(errors='replace')}")
    print()
    print((letter.record.value or b"<null>").decode(errors="replace"))


def replay(args: argparse.Namespace) -> None:
    letter = _one(args)
    _run(args, lambda kafka, sec: admin.replay(kafka, args.service, letter, getpass.getuser(), sec))
    print(f"replayed {letter.position} to {letter.origin.split('/', 1)[0]}")


def discard(args: argparse.Namespace) -> None:
    letter = _one(args)
    who = getpass.getuser()
    _run(args, lambda kafka, sec: admin.discard(kafka, args.service, letter, who, args.why, sec))
    print(f"discarded {letter.position}")
