"""``bitc dev mail [show N]``: what the dev stack's mail catcher caught (bitc/devstack/)."""

import argparse
from collections.abc import Callable

from bitc.devstack import DevStack
from bitc.devstack.caught_mail import caught_message, caught_messages


def add_mail_command(
    dev_commands: argparse._SubParsersAction, stack: Callable[[argparse.Namespace], DevStack]
) -> None:
    mail = dev_commands.add_parser(
        "mail", help="list the e-mail the stack's mail catcher caught; `mail show N` prints one"
    )
    mail.set_defaults(run=lambda args: _list(stack(args)))
    actions = mail.add_subparsers(metavar="show N")
    show = actions.add_parser("show", help="print caught message N (as listed), headers and all")
    show.add_argument("number", type=int)
    show.set_defaults(run=lambda args: _show(stack(args), args.number))


def _list(stack: DevStack) -> None:
    messages = caught_messages(stack.mail_dir)
    if not messages:
        print(f"no mail caught yet (smtp://127.0.0.1:{stack.ports.mail}, kept in {stack.mail_dir})")
    for m in messages:
        print(f"{m.number:>4}  {m.date:<19}  {m.to:<36}  {m.subject}")


def _show(stack: DevStack, number: int) -> None:
    caught = caught_message(stack.mail_dir, number)
    message = caught.parsed()
    print(f"Date: {caught.date}\nFrom: {message['From'] or ''}")
    print(f"To: {caught.to}\nSubject: {caught.subject}")
    body = message.get_body(preferencelist=("plain", "html"))
    print()
    print(body.get_content() if body is not None else "")
