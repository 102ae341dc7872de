"""``bitc dev up|down|status|logs``: the whole platform on this machine, without Docker (the
native launcher is bitc/devstack/)."""

import argparse
from pathlib import Path

from bitc.command_runs import Run
from bitc.devstack.ports import SERVICES


def add_dev_commands(commands: argparse._SubParsersAction) -> None:
    dev = commands.add_parser("dev", help="run the whole platform on this machine, without Docker")
    dev.add_argument(
        "--state-dir", type=Path, help="where data, logs and pids live (default .local/dev)"
    )
    dev_commands = dev.add_subparsers(required=True, metavar="ACTION")
    up = dev_commands.add_parser("up", help="start Kafka, PostgreSQL and the services")
    up.add_argument("--demo", action="store_true", help="seed demo tenants and bookings once")
    up.add_argument(
        "--no-keycloak",
        dest="keycloak",
        action="store_false",
        help="leave out the SSO (Keycloak: ~15 s and ~500 MB more); dev tokens work either way",
    )
    up.set_defaults(run=Run("bitc.dev_actions:up"))
    dev_commands.add_parser("down", help="stop exactly what `up` started; data stays").set_defaults(
        run=Run("bitc.dev_actions:down")
    )
    dev_commands.add_parser("status", help="what is running, where").set_defaults(
        run=Run("bitc.dev_actions:status")
    )
    logs = dev_commands.add_parser("logs", help="show a process's log")
    logs.add_argument("name", choices=[*SERVICES, "kafka", "postgres", "mail", "keycloak"])
    logs.add_argument("-f", "--follow", action="store_true")
    logs.add_argument("-n", "--lines", type=int, default=50)
    logs.set_defaults(run=Run("bitc.dev_actions:logs"))
    mail = dev_commands.add_parser(
        "mail", help="list the e-mail the stack's mail catcher caught; `mail show N` prints one"
    )
    mail.set_defaults(run=Run("bitc.dev_mail_command:list_caught"))
    actions = mail.add_subparsers(metavar="show N")
    show = actions.add_parser("show", help="print caught message N (as listed), headers and all")
    show.add_argument("number", type=int)
    show.set_defaults(run=Run("bitc.dev_mail_command:show_caught"))
    subscriber = dev_commands.add_parser(
        "subscriber-credential",
        help="a read-only Kafka user for a subscribing system (the public topics only)",
    )
    subscriber.add_argument(
        "name", help="its user name; its consumer group names must start with NAME."
    )
    subscriber.set_defaults(run=Run("bitc.subscriber_command:issue_subscriber_credential"))
