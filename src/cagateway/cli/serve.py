"""``cagateway serve``: run the portal and API."""

from __future__ import annotations

import os

import click
import uvicorn

from cagateway.cli._common import AppContext, pass_app


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port to listen on (default 8000).")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes; more than one serves requests on several cores (one per core is typical).",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="Log every request (turn off behind a proxy that logs them, or under load tests).",
)
@pass_app
def command(app: AppContext, host: str | None, port: int | None, workers: int, access_log: bool) -> None:
    """Serve the portal and the JSON API.

    \b
    Example:
        cagateway serve --port 8000
        cagateway --db sqlite:///var/registry.sqlite3 serve --workers 2 --no-access-log
    """
    from cagateway.web.serving import NoDelayHttpProtocol  # noqa: PLC0415  (keeps every other command's start-up fast)

    settings = app.settings.model_copy(update={k: v for k, v in {"host": host, "port": port}.items() if v})
    if workers == 1:
        from cagateway.web import create_app  # noqa: PLC0415  (keeps every other command's start-up fast)

        uvicorn.run(
            create_app(settings, warm=True),
            host=settings.host,
            port=settings.port,
            access_log=access_log,
            http=NoDelayHttpProtocol,
        )
        return
    # Worker processes build their own app from the environment: hand them the database this command chose.
    os.environ["CAGATEWAY_DATABASE_URL"] = settings.database_url
    uvicorn.run(
        "cagateway.web.app:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        access_log=access_log,
        http=NoDelayHttpProtocol,
    )
