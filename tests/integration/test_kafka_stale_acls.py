"""Rerunning create-service-principals.sh after a release took a right away removes it: the
broker ends with exactly the ACL table, not the table plus every right ever granted. (Broker and
principals: tests/integration/conftest.py, shared with the principals' own tests.)"""

import asyncio
import uuid

import pytest

from contracts.topics import TENANCY_CONTACTS
from tests.integration.conftest import PASSWORDS
from tests.polling import within
from tests.secured_kafka import SecuredBroker, run_security_script

pytestmark = pytest.mark.integration


async def acls(broker: SecuredBroker, *arguments: str) -> str:
    process = await asyncio.create_subprocess_exec(
        f"{broker.bin}/kafka-acls.sh",
        "--bootstrap-server",
        broker.internal,
        "--command-config",
        broker.command_config,
        *arguments,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await within(120, process.communicate())
    assert process.returncode == 0, output.decode()
    return output.decode()


def principal_env() -> dict[str, str]:
    return {
        f"KAFKA_{user.upper().replace('-', '_')}_PASSWORD": password
        for user, password in PASSWORDS.items()
    }


# Each Kafka tool call starts a JVM: on a busy machine the script alone takes minutes.
@pytest.mark.timeout(600)
async def test_a_right_no_longer_in_the_table_is_removed_and_the_rest_stay(broker, principals):
    other = f"someone-{uuid.uuid4().hex[:6]}"  # a user the table does not manage
    await acls(
        broker,
        "--add",
        *("--allow-principal", "User:booking", "--allow-principal", f"User:{other}"),
        *("--operation", "Read", "--topic", TENANCY_CONTACTS, "--topic", "bitc.retired.v1"),
    )

    output = await run_security_script(broker, "create-service-principals.sh", principal_env())

    assert "stale ACLs removed: 2" in output
    contacts = await acls(broker, "--list", "--topic", TENANCY_CONTACTS)
    retired = await acls(broker, "--list", "--topic", "bitc.retired.v1")
    assert "User:booking" not in contacts + retired
    assert "User:notifications, host=*, operation=READ" in contacts  # in the table: kept
    assert f"User:{other}" in contacts  # not ours to manage
    assert f"User:{other}" in retired
