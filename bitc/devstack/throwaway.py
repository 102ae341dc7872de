"""A dev stack in a temporary folder on free ports, for whatever must not touch the developer's
own stack (the test session, the fault drill, benchmarks): everything it started is stopped and
its folder removed on the way out, whatever happened."""

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bitc.devstack.ports import pick_free_ports
from bitc.devstack.stack import DevStack


@contextlib.contextmanager
def throwaway_stack(prefix: str, *, secured_kafka: bool = False) -> Iterator[DevStack]:
    """Its Kafka is PLAINTEXT unless `secured_kafka`: the suite's many in-process clients
    connect without credentials, and securing costs the ACL tools' JVM starts."""
    state_dir = Path(tempfile.mkdtemp(prefix=prefix))
    # The postgres user must reach its data folder inside (mkdtemp makes it 0700); otherwise the
    # launcher falls back to a folder outside, which the clean-up here would miss.
    state_dir.chmod(0o755)
    stack = DevStack(state_dir, pick_free_ports(), secured_kafka=secured_kafka)
    try:
        yield stack
    finally:
        stack.stop_all()
        shutil.rmtree(state_dir, ignore_errors=True)
