"""scripts/pr-comment: one review comment per pull request, updated in place, against a local API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.prism import free_port
from tests.support.project import ROOT
from tests.support.serving import serving

MARKER = "<!-- vendorgen spec review -->"
TOKEN = "ghs_test-token-93ab"


class FakeGitHub(ThreadingHTTPServer):
    """Issue comments of one pull request, as much of the REST API as the script uses."""

    def __init__(self, port: int, comments: list[dict[str, Any]], status: int = 200) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.comments = comments
        self.status = status
        self.requests: list[tuple[str, str, Any]] = []


class _Handler(BaseHTTPRequestHandler):
    server: FakeGitHub

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.server.requests.append((method, self.path, body))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}" or self.server.status != 200:
            self._answer(self.server.status if self.server.status != 200 else 401, {"message": "no"})
            return
        url = urlsplit(self.path)
        if method == "GET" and url.path == "/repos/acme/specs/issues/7/comments":
            query = parse_qs(url.query)
            size, page = int(query["per_page"][0]), int(query["page"][0])
            self._answer(200, self.server.comments[(page - 1) * size : page * size])
        elif method == "POST" and url.path == "/repos/acme/specs/issues/7/comments":
            comment = {"id": 1000 + len(self.server.comments), "body": body["body"]}
            self.server.comments.append(comment)
            self._answer(201, comment)
        elif method == "PATCH" and url.path.startswith("/repos/acme/specs/issues/comments/"):
            wanted = int(url.path.rsplit("/", 1)[1])
            [comment] = [c for c in self.server.comments if c["id"] == wanted]
            comment["body"] = body["body"]
            self._answer(200, comment)
        else:
            self._answer(404, {"message": "Not Found"})

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")


@contextmanager
def github(comments: list[dict[str, Any]], status: int = 200) -> Iterator[FakeGitHub]:
    with serving(FakeGitHub(free_port(), comments, status)) as server:
        assert isinstance(server, FakeGitHub)
        yield server


@pytest.fixture
def review(tmp_path: Path) -> Path:
    path = tmp_path / "review.md"
    path.write_text("## Spec changes\n\n| callkaro | 1 | 0 | 0 | 0 | **minor** |\n")
    return path


def post(review: Path, api: str, token: str = TOKEN) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "pr-comment"),
            "--repository",
            "acme/specs",
            "--pull-request",
            "7",
            "--file",
            str(review),
        ],
        env={**os.environ, "GITHUB_TOKEN": token, "GITHUB_API_URL": api},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_first_push_creates_the_comment_and_later_ones_update_it(review: Path) -> None:
    others = [{"id": n, "body": f"a person's comment {n}"} for n in range(150)]  # the review is on page 2
    with github(others) as server:
        url = f"http://127.0.0.1:{server.server_port}"
        created = post(review, url)
        assert created.returncode == 0, created.stderr
        assert "created the review comment on acme/specs#7" in created.stdout
        review.write_text("## Spec changes\n\nno changes\n")
        updated = post(review, url)
        assert updated.returncode == 0, updated.stderr
        assert "updated the review comment" in updated.stdout
        ours = [c for c in server.comments if MARKER in c["body"]]
        assert [c["body"] for c in ours] == [f"{MARKER}\n## Spec changes\n\nno changes\n"]
        assert server.comments[:150] == [{"id": n, "body": f"a person's comment {n}"} for n in range(150)]
        assert [m for m, _, _ in server.requests].count("PATCH") == 1


@pytest.mark.parametrize(("status", "token"), [(403, TOKEN), (200, "wrong-token")])
def test_a_refusal_is_one_line_without_the_token(review: Path, status: int, token: str) -> None:
    with github([], status) as server:
        result = post(review, f"http://127.0.0.1:{server.server_port}", token)
        assert result.returncode == 1
        assert result.stderr.startswith("pr-comment: the GitHub API answered 40")
        assert result.stderr.count("\n") == 1
        assert token not in result.stdout + result.stderr


def test_an_unreachable_api_is_one_line(review: Path) -> None:
    result = post(review, f"http://127.0.0.1:{free_port()}")
    assert result.returncode == 1
    assert result.stderr.startswith("pr-comment: cannot reach http://127.0.0.1:")
    assert result.stderr.count("\n") == 1
