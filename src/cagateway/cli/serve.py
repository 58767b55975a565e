"""``cagateway serve``: run the portal and API."""

from __future__ import annotations

import inspect
import os
import socket

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
    # Imported here: keeps every other command's start-up fast.
    from uvicorn.supervisors import Multiprocess  # noqa: PLC0415

    from cagateway.web.serving import NoDelayHttpProtocol, reuse_port_supported  # noqa: PLC0415

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
    config = uvicorn.Config(
        "cagateway.web.app:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        access_log=access_log,
        http=NoDelayHttpProtocol,
    )
    listener = _reuse_port_listener(settings.host, settings.port) if reuse_port_supported() else config.bind_socket()
    # uvicorn's supervisor starts the workers, restarts one that dies and stops them on SIGINT/SIGTERM; releases
    # before 0.51 also took the entry point of each worker (what their uvicorn.run passes: a server's run method).
    target = {"target": uvicorn.Server(config).run} if "target" in inspect.signature(Multiprocess).parameters else {}
    try:
        Multiprocess(config, sockets=[listener], **target).run()
    except KeyboardInterrupt:
        pass
    finally:
        listener.close()


def _reuse_port_listener(host: str, port: int) -> socket.socket:
    """A socket per worker on Linux (see :class:`cagateway.web.serving.ReusePortListener`), or a clear error."""
    from cagateway.web.serving import ReusePortListener  # noqa: PLC0415  (keeps every other command's start-up fast)

    try:
        return ReusePortListener(host, port)
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror}. Choose another --port (or CAGATEWAY_PORT), or stop "
            "the program that uses this one."
        ) from exc
