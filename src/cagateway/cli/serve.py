"""``cagateway serve``: run the portal and API."""

from __future__ import annotations

import click
import uvicorn

from cagateway.cli._common import AppContext, pass_app


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port to listen on (default 8000).")
@pass_app
def command(app: AppContext, host: str | None, port: int | None) -> None:
    """Serve the portal and the JSON API.

    \b
    Example:
        cagateway serve --port 8000
    """
    from cagateway.web import create_app  # noqa: PLC0415  (keeps every other command's start-up fast)

    settings = app.settings.model_copy(update={k: v for k, v in {"host": host, "port": port}.items() if v})
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
