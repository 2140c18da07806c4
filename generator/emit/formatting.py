"""Format generated Python with black, in-process, once per distinct content.

black is the product's formatter.  It is called in-process (a subprocess per
file costs several times more) and its results are cached by content hash,
in memory and in ``.vendorgen-cache/`` beside the project, so unchanged files
are not formatted again by the next run or by ``generate --check``.

Files copied from ``templates/`` as they are (the runtime modules) are already in
black's style, which a test checks for every one of them behind any header; they are
not formatted again (they are a third to a half of a small package's code). Template
output that :mod:`generator.emit.relayout` can put in black's layout with certainty
gets that layout without a black run; everything else (datamodel-code-generator's
models, anything unusual) is formatted by black.
"""

from __future__ import annotations

import ast
import hashlib
import re
from collections.abc import Collection
from importlib.metadata import version
from pathlib import Path

import black
from black.mode import Mode, TargetVersion

from generator.build.escapes import escape_invisible
from generator.emit.frozen import frozen_heap
from generator.emit.parallel import in_worker, map_in_workers
from generator.emit.publish import replace_file
from generator.emit.relayout import normalize_strings, relayout
from generator.spec.diagnostics import Diagnostic, Severity, SpecError

__all__ = ["BLACK_MODE", "format_files"]

BLACK_MODE = Mode(target_versions={TargetVersion.PY311}, line_length=110)

_BLACK_VERSION = version("black")
_MEMORY: dict[str, str] = {}


def _key(source: str) -> str:
    digest = hashlib.sha256()
    digest.update(_BLACK_VERSION.encode())
    digest.update(repr(BLACK_MODE).encode())
    digest.update(source.encode())
    return digest.hexdigest()


def _format(source: str, name: str, cache_dir: Path | None) -> str:
    key = _key(source)
    cached = cache_dir / key if cache_dir is not None else None
    if key in _MEMORY:
        if cached is not None and not cached.is_file():
            replace_file(cached, _MEMORY[key])
        return _MEMORY[key]
    if cached is not None and cached.is_file():
        result = cached.read_text(encoding="utf-8")
    else:
        try:
            result = black.format_str(source, mode=BLACK_MODE)
        except Exception as exc:  # noqa: BLE001 - black raises several unrelated types
            raise SpecError(
                [
                    Diagnostic(
                        name, 0, 0, Severity.ERROR, "format-failed", f"generated code does not format: {exc}"
                    )
                ]
            ) from None
        if cached is not None:
            replace_file(cached, result)
    _MEMORY[key] = result
    return result


# Below this much uncached source, starting worker processes costs more than it saves
# (measured: the four vendors' 650 kB cold went from 13.3 s to 8.9 s on 2 cores with 20 kB).
PARALLEL_THRESHOLD = 20_000


def _format_in_worker(item: tuple[str, str]) -> tuple[str, str | None, str]:
    name, source = item
    try:
        return name, black.format_str(source, mode=BLACK_MODE), ""
    except Exception as exc:  # noqa: BLE001 - reported by the parent with the file name
        return name, None, str(exc)


PIECE_SIZE = 40_000
"""Characters of a module black formats in one piece at most, where the module can be cut."""

_CUT = re.compile(r"\n\n\n(?=class \w)")


def _laid_out_parts(source: str) -> list[tuple[str, str | None]]:
    """Another tool's module cut before every top-level class: each part with relayout's result, or None.

    relayout takes most of datamodel-code-generator's classes (a field per line); the classes it
    declines go to black in runs of adjacent ones (each a stretch of the module as it stands, at
    most :data:`PIECE_SIZE` long), so black sees fewer, larger inputs and the cache keeps one entry
    a run. Joined with two blank lines the parts give the module's own result: black lays out each
    top-level statement on its own and always writes two blank lines before a top-level class that
    follows other code (a test compares the two on every vendor and corpus spec). The runs go to both
    cores, and each is cached on its own: a change to one schema of a 1.5 MB models module reformats
    only the run that holds it.
    """
    chunks = _chunks(source)
    return _runs(chunks, [_laid_out(chunk) for chunk in chunks])


def _chunks(source: str) -> list[str]:
    """The module cut before every top-level class (see :func:`_laid_out_parts`)."""
    chunks = []
    start = 0
    for cut in [*_CUT.finditer(source), None]:
        chunks.append(source[start : cut.start() + 1] if cut is not None else source[start:])
        start = cut.end() if cut is not None else len(source)
    return chunks


def _runs(chunks: list[str], laid_out: list[str | None]) -> list[tuple[str, str | None]]:
    """The chunks with relayout's results, adjacent declined ones joined into runs for black."""
    parts: list[tuple[str, str | None]] = []
    for chunk, result in zip(chunks, laid_out, strict=True):
        previous = parts[-1] if parts else None
        if (
            result is None
            and previous is not None
            and previous[1] is None
            and len(previous[0]) + len(chunk) <= PIECE_SIZE
        ):
            parts[-1] = (previous[0] + "\n\n" + chunk, None)
            continue
        parts.append((chunk, result))
    return parts


def _uncached(files: dict[str, str], cache_dir: Path | None) -> dict[str, str]:
    return {
        name: text
        for name, text in files.items()
        if _key(text) not in _MEMORY and not (cache_dir is not None and (cache_dir / _key(text)).is_file())
    }


def _largest_first(files: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(files.items(), key=lambda item: (-len(item[1]), item[0]))


def _remember(results: list[tuple[str, str | None, str]], sources: dict[str, str]) -> None:
    """Keep what workers formatted in the memory cache (``_format`` then finds it); raise what failed."""
    for name, result, error in results:
        if result is None:
            message = f"generated code does not format: {error}"
            raise SpecError([Diagnostic(name, 0, 0, Severity.ERROR, "format-failed", message)])
        _MEMORY[_key(sources[name])] = result


def format_files(
    files: dict[str, str],
    cache_dir: Path | None = None,
    *,
    preformatted: Collection[str] = (),
    not_from_templates: Collection[str] = (),
) -> dict[str, str]:
    """The same files with every ``.py`` file in black's style (black runs on large sets on every core).

    ``preformatted`` names files copied from the templates, already in black's style: they
    are passed through as they are. ``not_from_templates`` names files other tools wrote
    (datamodel-code-generator's models): black formats them, since the layout rules of
    :mod:`generator.emit.relayout` leave blank lines to the templates.
    """
    pending = {
        name: escape_invisible(text)
        for name, text in files.items()
        if name.endswith(".py") and name not in preformatted
    }
    # black allocates millions of short-lived tree nodes; each full collection would walk the whole
    # parsed spec again (about a tenth of black's time on a 300-operation spec)
    with frozen_heap():
        # Two rounds of jobs on every core. First relayout, on the templates' output and on the other
        # tools' files cut before each class (see _laid_out_parts); then black, on what it declined.
        chunks = {
            name: _chunks(normalize_strings(pending[name], BLACK_MODE))
            for name in not_from_templates
            if name in pending
        }
        to_lay_out = {name: text for name, text in pending.items() if name not in not_from_templates}
        sources = [text for _, text in _largest_first(to_lay_out)]
        sources += [chunk for cut in chunks.values() for chunk in cut]
        laid_out = _laid_out_all(sources)
        formatted: dict[str, str] = {}
        for (name, _), result in zip(_largest_first(to_lay_out), laid_out[: len(to_lay_out)], strict=True):
            if result is not None:
                formatted[name] = result
        pieces = {}
        done = len(to_lay_out)
        for name, cut in chunks.items():
            pieces[name] = _runs(cut, laid_out[done : done + len(cut)])
            done += len(cut)
        parts = {
            f"{name} (part {i + 1})": part
            for name, runs in pieces.items()
            for i, (part, result) in enumerate(runs)
            if result is None
        }
        declined = {name: text for name, text in to_lay_out.items() if name not in formatted}
        for_black = _uncached({**parts, **declined}, cache_dir)
        _remember(_black_all(_largest_first(for_black)), for_black)
        for name, runs in pieces.items():
            formatted[name] = "\n\n".join(
                result if result is not None else _format(part, name, cache_dir) for part, result in runs
            )
        formatted.update({name: _format(text, name, cache_dir) for name, text in declined.items()})
    return {name: formatted.get(name, text) for name, text in files.items()}


RELAYOUT_BATCH = 100_000
"""Characters of source one relayout job takes at most: thousands of one-class chunks, one job each,
would cost more in passing them between processes than relayout saves on the second core."""


def _laid_out_all(sources: list[str]) -> list[str | None]:
    """:func:`_laid_out` of every source, in order, in batches on every core when there is enough."""
    batches: list[tuple[str, ...]] = []
    batch: list[str] = []
    for source in sources:
        if batch and sum(map(len, batch)) + len(source) > RELAYOUT_BATCH:
            batches.append(tuple(batch))
            batch = []
        batch.append(source)
    if batch:
        batches.append(tuple(batch))
    parallel = sum(map(len, sources)) >= PARALLEL_THRESHOLD and not in_worker()
    results = map_in_workers(_laid_out_batch, batches) if parallel else [_laid_out_batch(b) for b in batches]
    return [result for batch_results in results for result in batch_results]


def _laid_out_batch(sources: tuple[str, ...]) -> list[str | None]:
    return [_laid_out(source) for source in sources]


def _black_all(items: list[tuple[str, str]]) -> list[tuple[str, str | None, str]]:
    """Black on every (name, source), in order: on every core when there is enough to format."""
    parallel = sum(len(text) for _, text in items) >= PARALLEL_THRESHOLD and not in_worker()
    return map_in_workers(_format_in_worker, items) if parallel else [_format_in_worker(i) for i in items]


def _black_module(source: str) -> str:
    return black.format_str(source, mode=BLACK_MODE)


def _laid_out(source: str) -> str | None:
    """Black's output for ``source`` without running it, when :func:`relayout` is certain of it.

    The result must parse: what does not goes to black, which reports the error.
    """
    if _key(source) in _MEMORY:
        return None
    result = relayout(source, BLACK_MODE, black_for_statements=_black_module)
    if result is None:
        return None
    try:
        compile(result, "<generated>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    return result
