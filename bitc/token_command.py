"""``bitc token``: a bearer token for the local stack, signed with its dev key, e.g.

    curl -H "Authorization: Bearer $(bitc token --role manager)" localhost:8002/bookings

Only services started by ``bitc dev up`` (or the tests) trust it; see docs/security.md.
"""

import argparse
import os
import sys
import uuid
from pathlib import Path
from typing import Any

from bitc.devstack import DevStack
from bitc.devstack.dev_keys import DEFAULT_TTL_S, DevSigningKey
from shared.auth import TENANT_BOUND, Role


def add_token_command(commands: Any) -> None:
    token = commands.add_parser(
        "token", help="print a bearer token for the local stack (dev key)", description=__doc__
    )
    token.add_argument(
        "--role", action="append", required=True, choices=[r.value for r in Role], type=str
    )
    token.add_argument("--tenant", type=uuid.UUID, help="the tenant a tenant's user acts for")
    token.add_argument("--subject", help="who the token names (default: dev-<role>)")
    token.add_argument("--ttl", type=int, default=DEFAULT_TTL_S, help="seconds it stays valid")
    token.add_argument("--state-dir", type=Path, help="the dev stack's folder (default .local/dev)")
    token.set_defaults(run=_print_token)


def dev_token(state_dir: Path | None, roles: list[Role], **claims: Any) -> str:
    """A token from the dev stack's key, which ``bitc dev up`` makes; none before that."""
    key = DevSigningKey(DevStack(state_dir).state_dir)
    if not key.key_path.exists():
        sys.exit("bitc: no dev signing key yet: start the stack with `bitc dev up` first")
    return key.mint(roles, **claims)


def staff_token(args: argparse.Namespace) -> str:
    """The token seed-demo acts with: BITC_TOKEN if set, else an admin token from the dev key."""
    if os.environ.get("BITC_TOKEN"):
        return os.environ["BITC_TOKEN"]
    if not DevSigningKey(DevStack(args.state_dir).state_dir).key_path.exists():
        sys.exit("bitc seed-demo: set BITC_TOKEN to a manager's token (or run beside bitc dev up)")
    return dev_token(args.state_dir, [Role.admin], subject="demo-seed")


def _print_token(args: argparse.Namespace) -> None:
    roles = [Role(role) for role in args.role]
    if set(roles) & TENANT_BOUND and args.tenant is None:
        sys.exit("bitc token: tenant_member and community_lead need --tenant")
    print(
        dev_token(
            args.state_dir, roles, tenant_id=args.tenant, subject=args.subject, ttl_s=args.ttl
        )
    )
