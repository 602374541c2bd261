"""`sarcoma serve`: run the web app and JSON API on this machine."""

from __future__ import annotations

import logging
import socket
from typing import Annotated

import typer

from ._common import err_console, fail

__all__ = ["register", "serve_command"]


def _check_free(host: str, port: int) -> None:
    """Fail with a one-line message when the address cannot be bound (port in use, unknown host)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        fail(f"--host: cannot use {host!r} ({exc.strerror or exc})")
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            fail(f"--port: cannot listen on {host}:{port} ({exc.strerror or exc}); is another server running?")


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on. Keep 127.0.0.1 unless you know you need more.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    log_level: Annotated[str, typer.Option(help="critical, error, warning, info or debug.")] = "info",
) -> None:
    """Start the web app and JSON API (open http://127.0.0.1:8000). Nothing about a case is stored or logged."""
    try:
        import uvicorn

        from ..api import create_app
    except ImportError as exc:  # pragma: no cover - depends on the install
        fail(f"the web app needs the 'web' extra: pip install 'sarcoma-navigator[web]' ({exc.name} is missing)")
    if log_level not in ("critical", "error", "warning", "info", "debug"):
        fail(f"--log-level: {log_level!r} is not a level; use critical, error, warning, info or debug")
    _check_free(host, port)
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    err_console.print(f"Sarcoma Navigator on http://{host}:{port}  (Ctrl+C to stop)")
    # access_log=False: uvicorn's access log prints query strings, which hold the case.
    # The app's own access log (sarcoma.access) prints method, path, status and time only.
    uvicorn.run(create_app(), host=host, port=port, access_log=False, log_level=log_level, server_header=False)


def register(app: typer.Typer) -> None:
    """Add `sarcoma serve` to the CLI."""
    app.command("serve")(serve_command)
