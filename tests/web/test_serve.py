"""`sarcoma serve` refuses an address it cannot use with exit code 2 and one line, no traceback."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from sarcoma.cli._main import app


def test_port_in_use_exits_2() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert "cannot listen on" in result.output
    assert "Traceback" not in result.output


def test_bad_log_level_exits_2() -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "1", "--log-level", "loud"])
    assert result.exit_code == 2
    assert "--log-level" in result.output
