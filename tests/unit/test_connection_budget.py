"""The max_connections a replica count needs (issue #16): the arithmetic operators size with."""

import pytest

from bitc.cli import main
from shared.persistence.connection_budget import (
    RELAY_CONNECTIONS,
    ConnectionBudget,
    connections_per_instance,
)
from shared.persistence.db import create_engine

URL = "postgresql+asyncpg://booking:x@db.example:5432/bitc"


def test_an_instance_may_open_twice_its_pool_and_the_relay_session() -> None:
    assert connections_per_instance(10) == 21
    assert connections_per_instance(3) == 7


def test_the_count_is_what_the_engine_is_built_with() -> None:
    pool = create_engine(URL, 4).pool
    # QueuePool has no public accessor for its overflow limit.
    assert pool.size() + pool._max_overflow + RELAY_CONNECTIONS == connections_per_instance(4)


def test_the_autoscalers_maximum_with_the_default_pool_needs_445() -> None:
    # 3 services x (6 replicas + 1 surge) x (2 x 10 + 1) + 1 setup + 3 reserved
    assert ConnectionBudget(services=3, replicas=6, pool_size=10).max_connections == 445


def test_the_two_replica_default_outgrows_postgresqls_default_of_100() -> None:
    assert ConnectionBudget(services=3, replicas=2, pool_size=10).max_connections == 193
    assert ConnectionBudget(services=3, replicas=2, pool_size=3).max_connections == 67


def test_the_server_reserve_and_surge_count() -> None:
    tight = ConnectionBudget(services=3, replicas=2, pool_size=3, surge=0, superuser_reserved=0)
    assert tight.max_connections == 3 * 2 * 7 + 1


def test_the_command_prints_the_sum(capsys: pytest.CaptureFixture[str]) -> None:
    main(["connection-budget", "--replicas", "4", "--pool-size", "5"])
    assert capsys.readouterr().out.splitlines()[-1] == (
        # the four services with a database (the console keeps its sessions) x 5 instances
        "max_connections >= 20 x 11 + 1 setup + 3 superuser_reserved_connections = 224"
    )


def test_a_replica_count_below_one_is_refused() -> None:
    with pytest.raises(SystemExit, match="--replicas 0 is too small"):
        main(["connection-budget", "--replicas", "0"])
