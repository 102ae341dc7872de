"""The dev stack's mail catcher as a process: what is sent to it over SMTP is listed and shown by
`bitc dev mail`, and it is recorded, shown and stopped like the stack's other processes."""

import re
import uuid
from pathlib import Path

import pytest

from bitc.cli import main
from bitc.devstack import DevStack, pick_free_ports
from services.notifications.adapters.channels import OutboundMessage
from services.notifications.adapters.channels.smtp import SmtpChannel


def bitc_dev(state_dir: Path, *args: str) -> None:
    main(["dev", "--state-dir", str(state_dir), *args])


async def test_mail_sent_to_the_catcher_is_listed_and_shown(tmp_path, capsys) -> None:
    stack = DevStack(tmp_path / "state", pick_free_ports())
    try:
        record = await stack.start_mail_catcher(ready_timeout=20)
        smtp = SmtpChannel(host="127.0.0.1", port=stack.ports.mail, sender="BITC <noreply@bitc.id>")
        for address, subject in (
            ("asep@example.id", "Pemesanan dikonfirmasi"),
            ("pengelola.ruang@bitc.example", "2 permintaan menunggu persetujuan"),
        ):
            body = f"Halo,\n\n{subject}.\n"
            await smtp.send(OutboundMessage(uuid.uuid4(), address, subject, body))

        bitc_dev(stack.state_dir, "mail")
        listed = capsys.readouterr().out.splitlines()
        assert len(listed) == 2
        # number, date caught, recipient, subject
        assert re.fullmatch(
            r" +1  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  asep@example.id +Pemesanan dikonfirmasi",
            listed[0],
        )
        assert re.fullmatch(
            r" +2  .{19}  pengelola.ruang@bitc.example +2 permintaan menunggu persetujuan",
            listed[1],
        )

        bitc_dev(stack.state_dir, "mail", "show", "2")
        shown = capsys.readouterr().out
        assert "To: pengelola.ruang@bitc.example" in shown
        assert "Subject: 2 permintaan menunggu persetujuan" in shown
        assert "2 permintaan menunggu persetujuan.\n" in shown.split("\n\n", 1)[1]

        bitc_dev(stack.state_dir, "status")
        status = capsys.readouterr().out
        assert f"mail           running  pid {record.pid}" in status
        assert f"smtp://127.0.0.1:{stack.ports.mail}" in status

        with pytest.raises(SystemExit, match="no message 3: 2 caught"):
            bitc_dev(stack.state_dir, "mail", "show", "3")

        bitc_dev(stack.state_dir, "down")
        assert "stopped: mail" in capsys.readouterr().out
        assert stack.status() == []
    finally:
        stack.stop_all(timeout=5)


def test_nothing_caught_before_the_catcher_ever_ran(tmp_path, capsys) -> None:
    bitc_dev(tmp_path, "mail")
    assert capsys.readouterr().out.startswith("no mail caught yet")
