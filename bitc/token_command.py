"""``bitc token``: a bearer token for the local stack, signed with its dev key, e.g.

    curl -H "Authorization: Bearer $(bitc token --role manager)" localhost:8002/bookings

Only services started by ``bitc dev up`` (or the tests) trust it; see docs/security.md.
"""

import argparse
import uuid
from pathlib import Path

from bitc.command_runs import Run
from shared.auth.principal import Role


def add_token_command(commands: argparse._SubParsersAction) -> None:
    token = commands.add_parser(
        "token", help="print a bearer token for the local stack (dev key)", description=__doc__
    )
    token.add_argument(
        "--role", action="append", required=True, choices=[r.value for r in Role], type=str
    )
    token.add_argument("--tenant", type=uuid.UUID, help="the tenant a tenant's user acts for")
    token.add_argument(
        "--sponsor-agency", help="an integrator reporting for this agency only, e.g. Dispudpar"
    )
    token.add_argument("--subject", help="who the token names (default: dev-<role>)")
    token.add_argument("--ttl", type=int, help="seconds it stays valid (default: 8 hours)")
    token.add_argument("--state-dir", type=Path, help="the dev stack's folder (default .local/dev)")
    token.set_defaults(run=Run("bitc.dev_tokens:print_token"))
