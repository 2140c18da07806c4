"""Documentation pages from files, folders and URLs, as text with line numbers.

A capture may start with a ``source: <url>`` line (then the URL names the page
in the spec's ``x-source``) and may join several pieces of one page with an
``<!-- excerpt -->`` line: each piece becomes its own :class:`Page` with the
same label, so line numbers in messages stay those of the file. A Mintlify
``llms.txt`` index URL stands for the ``.md`` export of every API-reference
page it links to.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.scrape.model import ScrapeError
from generator.spec.loader import display_path

__all__ = ["MAX_PAGE_BYTES", "Page", "fetch_url", "read_sources"]

MAX_PAGE_BYTES = 2_000_000
"""Larger inputs are refused: documentation pages are kilobytes, not megabytes."""

_PAGE_SUFFIXES = (".md", ".mdx", ".txt", ".markdown")
_SOURCE_RE = re.compile(r"^source:\s*(?P<url>\S+)\s*$")
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
"""The line opening or closing a Markdown code fence."""
_EXCERPT_RE = re.compile(r"^\s*<!--\s*excerpt\s*-->\s*$")
_LINK_RE = re.compile(r"\[(?P<title>[^\]]*)\]\((?P<url>https?://[^)\s]+)\)")


@dataclass(frozen=True)
class Page:
    """One page (or one excerpt of a page): its text and where it came from.

    ``file`` names the input in messages; ``label`` names the page in the spec
    (its URL when known); ``first_line`` is the file line of ``lines[0]``.
    """

    file: str
    label: str
    lines: list[str]
    first_line: int

    @property
    def text(self) -> str:
        """The page's text."""
        return "\n".join(self.lines)

    def line_of(self, index: int) -> int:
        """The file line number of ``lines[index]``."""
        return self.first_line + index

    def unfenced(self) -> list[tuple[int, str]]:
        """(index, line) of the lines outside code fences (the fence lines themselves left out)."""
        found: list[tuple[int, str]] = []
        in_fence = False
        for index, line in enumerate(self.lines):
            if FENCE_RE.match(line):
                in_fence = not in_fence
            elif not in_fence:
                found.append((index, line))
        return found


Fetch = Callable[[str], bytes]


def fetch_url(url: str) -> bytes:
    """GET ``url`` (http or https only) with a timeout and a size cap."""
    if not url.startswith(("http://", "https://")):
        raise ScrapeError(url, 0, "only http and https URLs are read")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            data: bytes = response.read(MAX_PAGE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ScrapeError(url, 0, f"cannot fetch the page: {exc}") from exc
    return data


def read_sources(sources: list[str], base: Path, fetch: Fetch = fetch_url) -> list[Page]:
    """Every page of ``sources`` (paths relative to ``base``, or URLs), in a stable order."""
    pages: list[Page] = []
    for source in sources:
        if source.startswith(("http://", "https://")):
            pages.extend(_url_pages(source, fetch))
            continue
        path = (base / source) if not Path(source).is_absolute() else Path(source)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _PAGE_SUFFIXES)
            if not files:
                raise ScrapeError(source, 0, "the folder holds no page files (.md, .mdx, .txt)")
            pages.extend(page for file in files for page in _file_pages(file))
        elif path.is_file():
            pages.extend(_file_pages(path))
        else:
            raise ScrapeError(source, 0, "no such file, folder or URL")
    return pages


def _file_pages(path: Path) -> list[Page]:
    """A file's pages.

    Without a ``source:`` line the page is named by its folder and file name, the same on every machine.
    """
    return split_page(path.read_bytes(), display_path(path), f"{path.parent.name}/{path.name}")


def _url_pages(url: str, fetch: Fetch) -> list[Page]:
    data = fetch(url)
    if url.rstrip("/").endswith("llms.txt"):
        text = _decode(data, url)
        links = _reference_links(text)
        if not links:
            raise ScrapeError(url, 0, "the index links to no API-reference page")
        return [page for link in links for page in split_page(fetch(link), link, link)]
    return split_page(data, url, url)


def _reference_links(index: str) -> list[str]:
    """The ``.md`` export URL of every API-reference link of an ``llms.txt`` index, in index order."""
    links: list[str] = []
    in_reference = False
    for line in index.splitlines():
        if line.startswith("#"):
            in_reference = "api" in line.lower() and "reference" in line.lower()
            continue
        for match in _LINK_RE.finditer(line):
            url = match["url"]
            if in_reference or "/api-reference/" in url:
                links.append(url if url.endswith(".md") else url.rstrip("/") + ".md")
    return list(dict.fromkeys(links))


def _decode(data: bytes, file: str) -> str:
    if len(data) > MAX_PAGE_BYTES:
        raise ScrapeError(file, 0, f"the page is larger than {MAX_PAGE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScrapeError(file, line, f"not UTF-8 text (byte {data[exc.start]:#04x})") from exc
    if "\x00" in text:
        raise ScrapeError(file, text[: text.index("\x00")].count("\n") + 1, "binary data (a NUL character)")
    return text.lstrip("\ufeff")


def split_page(data: bytes, file: str, label: str) -> list[Page]:
    """A page's text cut into its excerpts, with the ``source:`` URL as the label when there is one."""
    lines = _decode(data, file).replace("\r\n", "\n").split("\n")
    first = 1
    if lines and (match := _SOURCE_RE.match(lines[0])):
        label = match["url"]
        lines, first = lines[1:], 2
    pages: list[Page] = []
    start = 0
    for index, line in enumerate([*lines, "<!-- excerpt -->"]):
        if _EXCERPT_RE.match(line):
            if any(text.strip() for text in lines[start:index]):
                pages.append(Page(file, label, lines[start:index], first + start))
            start = index + 1
    return pages
