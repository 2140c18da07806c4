"""A minimal local HTTP server for the client benchmark: fixed JSON answers, keep-alive.

Run as ``python benchmarks/server.py PORT``; prints ``ready`` once listening.
It lives in its own process so its work does not share the benchmark's GIL.
"""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b'{"status": "success", "message": "queued", "call_sid": "c-123", "batch_id": "b-1"}'


class Handler(BaseHTTPRequestHandler):
    """Answers every POST with the same small JSON body."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one small answer per request: do not wait for delayed ACKs

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the per-request log line."""


def main() -> None:
    """Serve on 127.0.0.1:PORT until killed."""
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
