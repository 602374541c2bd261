"""`sarcoma serve`: run the web app and JSON API on this machine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ._common import err_console, fail

if TYPE_CHECKING:
    from ..api import ServerSettings

__all__ = ["register", "serve_command"]


def _check_free(host: str, port: int) -> None:
    """Fail with a one-line message when the address cannot be bound (port in use, unknown host)."""
    import socket

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


def _settings(
    trusted_host: list[str] | None, hsts: bool | None, rate_limit: str | None, pdf_rate_limit: str | None
) -> ServerSettings:
    """Environment first (SARCOMA_*), then the flags; refuse a rate limit that cannot be read."""
    from limits import parse

    from ..api import ServerSettings

    settings = ServerSettings.from_env()
    changes: dict[str, object] = {}
    if trusted_host:
        changes["trusted_hosts"] = tuple(trusted_host)
    if hsts is not None:
        changes["hsts"] = hsts
    for name, value in (("rate_limit", rate_limit), ("pdf_rate_limit", pdf_rate_limit)):
        if value is not None:
            changes[name] = None if value.strip().lower() in ("off", "0", "none", "") else value.strip()
    settings = settings.with_changes(**changes)
    for name in ("rate_limit", "pdf_rate_limit"):
        value = getattr(settings, name)
        try:
            if value is not None:
                parse(value)
        except ValueError:
            fail(f"--{name.replace('_', '-')}: {value!r} is not a rate; use a form such as 300/minute, 5/second or off")
    return settings


def _log_json_lines(log_level: str) -> None:
    """Plain lines for the app's messages; the access log writes its JSON objects as they are."""
    import logging

    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("sarcoma.access")
    access.handlers = [handler]
    access.propagate = False


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on. Keep 127.0.0.1 unless you know you need more.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    log_level: Annotated[str, typer.Option(help="critical, error, warning, info or debug.")] = "info",
    proxy_headers: Annotated[
        bool, typer.Option(help="Behind a reverse proxy: take the client address and https from X-Forwarded-* headers.")
    ] = False,
    forwarded_allow_ips: Annotated[
        str, typer.Option(help="Proxies trusted for X-Forwarded-* headers (comma list, or '*').")
    ] = "127.0.0.1",
    trusted_host: Annotated[
        list[str] | None,
        typer.Option(help="Host name the server answers for (repeat it; default any, or SARCOMA_TRUSTED_HOSTS)."),
    ] = None,
    hsts: Annotated[
        bool | None, typer.Option(help="Send Strict-Transport-Security on https answers (or SARCOMA_HSTS=1).")
    ] = None,
    rate_limit: Annotated[
        str | None,
        typer.Option(
            help="Requests per client, e.g. 300/minute, or off (default: SARCOMA_RATE_LIMIT, else 300/minute)."
        ),
    ] = None,
    pdf_rate_limit: Annotated[
        str | None, typer.Option(help="Summary PDFs per client (default: SARCOMA_PDF_RATE_LIMIT, else 10/minute).")
    ] = None,
    ssl_certfile: Annotated[str | None, typer.Option(help="Serve https with this certificate (PEM).")] = None,
    ssl_keyfile: Annotated[str | None, typer.Option(help="The certificate's private key (PEM).")] = None,
) -> None:
    """Start the web app and JSON API (open http://127.0.0.1:8000). Nothing about a case is stored or logged.

    Behind a reverse proxy with TLS, see docs/deploy.md.
    """
    try:
        import uvicorn

        from ..api import create_app
    except ImportError as exc:  # pragma: no cover - depends on the install
        fail(f"the web app needs the 'web' extra: pip install 'sarcoma-navigator[web]' ({exc.name} is missing)")
    if log_level not in ("critical", "error", "warning", "info", "debug"):
        fail(f"--log-level: {log_level!r} is not a level; use critical, error, warning, info or debug")
    if (ssl_certfile is None) != (ssl_keyfile is None):
        fail("--ssl-certfile and --ssl-keyfile go together; give both or neither")
    settings = _settings(trusted_host, hsts, rate_limit, pdf_rate_limit)
    if settings.hsts and not (proxy_headers or ssl_certfile):
        err_console.print("--hsts: sent only on https answers; use --ssl-certfile or --proxy-headers behind TLS")
    _check_free(host, port)
    _log_json_lines(log_level)
    from ..web import pdf_unavailable

    if (reason := pdf_unavailable()) is not None:
        err_console.print(f"Summary PDF off ({reason}); the PDF link explains this to readers")
    scheme = "https" if ssl_certfile else "http"
    err_console.print(f"Sarcoma Navigator on {scheme}://{host}:{port}  (Ctrl+C to stop)")
    # access_log=False: uvicorn's access log prints query strings, which hold the case.
    # The app's own access log (sarcoma.access) prints method, path, status and time only, as JSON lines.
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        access_log=False,
        log_level=log_level,
        server_header=False,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )


def register(app: typer.Typer) -> None:
    """Add `sarcoma serve` to the CLI."""
    app.command("serve")(serve_command)
