"""``bitc dev subscriber-credential NAME``: a Kafka user on the running dev stack with exactly the
rights a subscribing system gets in production (docs/events.md, "Getting access"): read the
public topics with consumer groups ``NAME.*``; no write, no contacts topic, no dead letters.
Prints the client settings as a librdkafka/Java properties file (``kcat -F FILE`` reads it);
the parser is in bitc/dev_commands.py."""

import argparse

from bitc.devstack import DevStack, DevStackError
from bitc.devstack.ports import HOST
from bitc.devstack.processes import is_alive


def issue_subscriber_credential(args: argparse.Namespace) -> None:
    stack = DevStack(args.state_dir)
    kafka = stack.table.get("kafka")
    if stack.kafka_access is None or kafka is None or not is_alive(kafka):
        raise DevStackError(f"Kafka is not running from {stack.state_dir}: run `bitc dev up`")
    bootstrap = f"{HOST}:{stack.ports.kafka}"
    security = stack.kafka_access.add_subscriber(args.name, bootstrap)
    print(
        f"# Kafka client settings of subscriber {args.name}: may read the public topics, with\n"
        f"# consumer groups named {args.name}.<anything>; nothing else (docs/events.md).\n"
        f"bootstrap.servers={bootstrap}\n"
        f"security.protocol={security.protocol}\n"
        f"sasl.mechanism={security.mechanism}\n"
        f"sasl.username={security.username}\n"
        f"sasl.password={security.password}"
    )
