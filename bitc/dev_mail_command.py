"""What ``bitc dev mail [show N]`` does: read what the dev stack's mail catcher caught (the
parser is bitc/dev_commands.py, the catcher bitc/devstack/mail_catcher.py)."""

import argparse

from bitc.devstack import DevStack
from bitc.devstack.caught_mail import caught_message, caught_messages


def list_caught(args: argparse.Namespace) -> None:
    stack = DevStack(args.state_dir)
    messages = caught_messages(stack.mail_dir)
    if not messages:
        print(f"no mail caught yet (smtp://127.0.0.1:{stack.ports.mail}, kept in {stack.mail_dir})")
    for m in messages:
        print(f"{m.number:>4}  {m.date:<19}  {m.to:<36}  {m.subject}")


def show_caught(args: argparse.Namespace) -> None:
    caught = caught_message(DevStack(args.state_dir).mail_dir, args.number)
    message = caught.parsed()
    print(f"Date: {caught.date}\nFrom: {message['From'] or ''}")
    print(f"To: {caught.to}\nSubject: {caught.subject}")
    body = message.get_body(preferencelist=("plain", "html"))
    print()
    print(body.get_content() if body is not None else "")
