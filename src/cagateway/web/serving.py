"""How ``cagateway serve`` runs uvicorn: the HTTP protocol with TCP_NODELAY on every connection.

uvicorn binds the listening socket itself when it starts several workers, as ``socket.socket(family)``, whose
``proto`` is 0; asyncio only turns Nagle's algorithm off for sockets whose proto is TCP, so every keep-alive
response then waited for the client's delayed ACK: ~40 ms a request (measured: 23 requests/s on one connection
with two workers, 897 with one). Setting TCP_NODELAY when a connection is made fixes it for any way of binding.
"""

from __future__ import annotations

import asyncio
import socket

try:  # the C parser when installed (a dependency), else uvicorn's pure-Python h11 protocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # pragma: no cover -- httptools is a dependency; kept for minimal installs
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Base  # type: ignore[assignment]

__all__ = ["NoDelayHttpProtocol"]


class NoDelayHttpProtocol(_Base):
    """uvicorn's HTTP protocol, with Nagle's algorithm off on the connection's socket."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in {socket.AF_INET, socket.AF_INET6}:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
