"""Run a test's own HTTP server in a thread for the length of a ``with`` block."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from socketserver import BaseServer

__all__ = ["serving"]


@contextmanager
def serving(server: BaseServer) -> Iterator[BaseServer]:
    """Serve ``server`` in a daemon thread; shut it down and close its socket afterwards."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
