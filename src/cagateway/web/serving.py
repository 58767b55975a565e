"""How ``cagateway serve`` runs uvicorn: the HTTP protocol with TCP_NODELAY on every connection, and with
several workers on Linux a listening socket per worker (:class:`ReusePortListener`).

uvicorn binds the listening socket itself when it starts several workers, as ``socket.socket(family)``, whose
``proto`` is 0; asyncio only turns Nagle's algorithm off for sockets whose proto is TCP, so every keep-alive
response then waited for the client's delayed ACK: ~40 ms a request (measured: 23 requests/s on one connection
with two workers, 897 with one). Setting TCP_NODELAY when a connection is made fixes it for any way of binding.
"""

from __future__ import annotations

import asyncio
import socket
import sys

try:  # the C parser when installed (a dependency), else uvicorn's pure-Python h11 protocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # pragma: no cover -- httptools is a dependency; kept for minimal installs
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Base  # type: ignore[assignment]

__all__ = ["NoDelayHttpProtocol", "ReusePortListener", "reuse_port_supported"]


class NoDelayHttpProtocol(_Base):
    """uvicorn's HTTP protocol, with Nagle's algorithm off on the connection's socket."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in {socket.AF_INET, socket.AF_INET6}:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


class ReusePortListener(socket.socket):
    """The listening address of ``serve --workers N`` on Linux: each worker process gets a socket of its own,
    bound to it with ``SO_REUSEPORT``, and the kernel spreads new connections over them by address hash.

    With the one socket uvicorn binds and shares, the worker that woke first accepted every connection waiting at
    that moment: a client opening its keep-alive connections at once (a proxy's pool, wrk) could be served by one
    worker while the other idled. Measured at a million producers, 16 connections: in 2 runs of 10 every search
    went to one worker (one core busy, 207–209 requests/s against 374–448 in the others). With a search thread
    per process (:mod:`cagateway.web.searching`) that worker's core is all the service gets.

    This socket is bound in the parent, which never listens on it: it holds the port (a port another program
    uses fails here, before any worker starts) and is what uvicorn's supervisor hands to each worker it starts.
    Handing it over pickles it, and unpickling in the worker (:meth:`__reduce__`) makes the worker's own socket
    rather than a duplicate of this one.
    """

    def __init__(self, host: str, port: int) -> None:
        family = _family(host)
        # First without SO_REUSEPORT, which would let this join the sockets of another server on the port (a
        # second `serve`, perhaps on another database) and split its traffic: that fails with EADDRINUSE.
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
        super().__init__(family, socket.SOCK_STREAM)
        self.address = (host, port)
        _bind(self, self.address)

    def __reduce__(self) -> tuple[object, tuple[str, int]]:
        return _worker_socket, self.address


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET  # as uvicorn decides it


def _bind(sock: socket.socket, address: tuple[str, int]) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)


def _worker_socket(host: str, port: int) -> socket.socket:
    """A worker's own socket on ``(host, port)`` (uvicorn's server listens on it)."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    _bind(sock, (host, port))
    return sock


def reuse_port_supported() -> bool:
    """Whether the kernel balances ``SO_REUSEPORT`` listeners (Linux; BSDs and macOS accept the option but hand
    connections to one socket, Windows lacks it)."""
    return sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")
