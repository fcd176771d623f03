"""A TCP proxy in front of the test PostgreSQL server that a test can stall, cut and restore.

`StallProxy(host, port)` listens on a free loopback port and forwards every connection to the
server. `stall()` stops forwarding bytes (both ways, on open and new connections): the client
waits as it would for a server that hangs or a network that silently drops packets, and since
the proxy's own socket stays up, no keepalive or timeout on the client's side ends that wait
sooner than `connect_timeout` does for a new connection. `resume()` forwards what was held.
`cut()` closes every connection and refuses new ones (a server that went away); `resume()`
accepts again. `close()` ends it all. Used to show that the window keeps running meanwhile.
"""

from __future__ import annotations

import contextlib
import socket
import threading

from sqlalchemy.engine import make_url


class StallProxy:
    """Forwards 127.0.0.1:`port` to the server at `host`:`upstream`; see the module."""

    def __init__(self, host: str, upstream: int) -> None:
        self.upstream = (host, upstream)
        self._flowing = threading.Event()
        self._flowing.set()
        self._refusing = False
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._closed = False
        self._watchdog = threading.Timer(0, lambda: None)
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, server_url: str) -> str:
        """`server_url` (a URL on the proxied server) pointed at the proxy instead."""
        return make_url(server_url).set(host="127.0.0.1", port=self.port) \
            .render_as_string(hide_password=False)

    # -- what a test does --------------------------------------------------------------------

    def stall(self, at_most: float = 20.0) -> None:
        """Hold every byte from now on, in both directions, for at most `at_most` seconds (so
        a test whose window froze fails instead of hanging)."""
        self._flowing.clear()
        self._watchdog.cancel()
        self._watchdog = threading.Timer(at_most, self._flowing.set)
        self._watchdog.daemon = True
        self._watchdog.start()

    def resume(self) -> None:
        """Forward again (what was held goes first) and accept new connections."""
        self._refusing = False
        self._watchdog.cancel()
        self._flowing.set()

    def cut(self) -> None:
        """Close every open connection and refuse new ones until `resume`."""
        self._refusing = True
        self._flowing.set()
        with self._lock:
            doomed, self._sockets = self._sockets, set()
        for sock in doomed:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        """Stop listening and close everything."""
        self._closed = True
        self.cut()
        with contextlib.suppress(OSError):
            self._listener.close()

    # -- forwarding --------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self._refusing:
                client.close()  # the client sees the connection end at once, as if refused
                continue
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets |= {client, server}
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                self._flowing.wait()
                data = src.recv(65536)
                if not data:
                    break
                self._flowing.wait()  # a stall that began while we waited holds this too
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
