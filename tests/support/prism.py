"""Start and stop a real Stoplight Prism mock server on 127.0.0.1 for contract tests."""

from __future__ import annotations

import copy
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.support.project import ROOT

PRISM = ROOT / "node_modules" / "@stoplight" / "prism-cli" / "dist" / "index.js"


def prism_copy(document: Any) -> Any:
    """A copy Prism can serve: ``*/*`` response media types make it answer 500 ("Cannot find serializer").

    The tweak goes to a test copy only, never to specs/.
    """
    tweaked = copy.deepcopy(document)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            content = node.get("content")
            if isinstance(content, dict) and "*/*" in content:
                content.setdefault("application/json", content.pop("*/*"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tweaked)
    return tweaked


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_listening(
    port: int, process: subprocess.Popen[bytes], log: Path, *, timeout: float, name: str
) -> None:
    """Wait for a server we started to accept connections on 127.0.0.1:port; fail with its log if it exits."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start listening in time") from None
            time.sleep(0.1)


@contextmanager
def running_prism(document: Any, workdir: Path, *, timeout: float = 60.0) -> Iterator[str]:
    """Serve ``document`` with Prism; yields its base URL and stops it by PID afterwards."""
    if not PRISM.is_file():
        raise RuntimeError(f"Prism is not installed at {PRISM}: run `make test` (it runs `npm ci`)")
    spec = workdir / "prism-spec.json"
    spec.write_text(json.dumps(prism_copy(document)))
    port = free_port()
    log = (workdir / "prism.log").open("w")
    process = subprocess.Popen(
        ["node", str(PRISM), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_listening(port, process, workdir / "prism.log", timeout=timeout, name="Prism")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
