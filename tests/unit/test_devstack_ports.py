"""Port selection and the port-in-use check."""

import socket
from dataclasses import fields
from pathlib import Path

import pytest

from bitc.devstack import DevStackError, Ports, free_ports, pick_free_ports
from bitc.devstack.ports import ensure_port_free


def test_free_ports_are_distinct_and_bindable() -> None:
    ports = free_ports(6)
    assert len(set(ports)) == 6
    for port in ports:
        ensure_port_free(port, "test")


def test_pick_free_ports_fills_every_field() -> None:
    ports = pick_free_ports()
    values = [getattr(ports, f.name) for f in fields(Ports)]
    assert len(set(values)) == len(values)
    assert Ports().kafka not in values


def test_port_in_use_is_one_actionable_line() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with pytest.raises(DevStackError) as caught:
            ensure_port_free(port, "Kafka")
    message = str(caught.value)
    assert "\n" not in message
    assert f"port {port} for Kafka" in message
    assert "already in use" in message


def test_ports_survive_a_save_and_load(tmp_path: Path) -> None:
    ports = pick_free_ports()
    ports.save(tmp_path / "ports.json")
    assert Ports.load(tmp_path / "ports.json") == ports
    assert Ports.load(tmp_path / "missing.json") is None


def test_service_ports_by_name() -> None:
    assert Ports().service("booking") == 8002
    with pytest.raises(DevStackError, match="unknown service"):
        Ports().service("billing")
