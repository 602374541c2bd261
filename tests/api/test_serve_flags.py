"""`sarcoma serve` deploy flags: bad values exit 2 with one line (the server itself is tested in test_soak)."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sarcoma.cli._main import app


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--rate-limit", "lots"], "--rate-limit: 'lots' is not a rate"),
        (["--pdf-rate-limit", "3 per fortnight"], "--pdf-rate-limit"),
        (["--ssl-certfile", "cert.pem"], "go together"),
    ],
)
def test_bad_deploy_flags_exit_2(args: list[str], words: str) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "1", *args])
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


def test_serve_has_the_deploy_flags() -> None:
    command: Any = typer.main.get_command(app)
    flags = {opt for param in command.commands["serve"].params for opt in param.opts}
    wanted = {"--proxy-headers", "--forwarded-allow-ips", "--trusted-host", "--hsts", "--rate-limit"}
    assert wanted <= flags
