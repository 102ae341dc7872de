"""Tokens signed with the dev stack's key: ``bitc token`` prints one, ``bitc seed-demo`` acts
with one."""

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from bitc.devstack.dev_keys import DevSigningKey
from bitc.devstack.state_folder import state_folder
from shared.auth.principal import TENANT_BOUND, Role


def dev_token(state_dir: Path | None, roles: list[Role], **claims: Any) -> str:
    """A token from the dev stack's key, which ``bitc dev up`` makes; none before that."""
    key = DevSigningKey(state_folder(state_dir))
    if not key.key_path.exists():
        sys.exit("bitc: no dev signing key yet: start the stack with `bitc dev up` first")
    return key.mint(roles, **claims)


def staff_token(args: argparse.Namespace) -> str:
    """The token seed-demo acts with: BITC_TOKEN if set, else an admin token from the dev key."""
    if os.environ.get("BITC_TOKEN"):
        return os.environ["BITC_TOKEN"]
    if not DevSigningKey(state_folder(args.state_dir)).key_path.exists():
        sys.exit("bitc seed-demo: set BITC_TOKEN to a manager's token (or run beside bitc dev up)")
    return dev_token(args.state_dir, [Role.admin], subject="demo-seed")


def print_token(args: argparse.Namespace) -> None:
    roles = [Role(role) for role in args.role]
    if set(roles) & TENANT_BOUND and args.tenant is None:
        sys.exit("bitc token: tenant_member and community_lead need --tenant")
    claims = {} if args.ttl is None else {"ttl_s": args.ttl}
    claims |= {} if args.sponsor_agency is None else {"sponsor_agency": args.sponsor_agency}
    print(dev_token(args.state_dir, roles, tenant_id=args.tenant, subject=args.subject, **claims))
