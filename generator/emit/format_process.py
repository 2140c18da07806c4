"""Formatting in a process of its own, started before the models are made.

black adds about 7 MB to the process that imports it beside datamodel-code-generator (measured
on the corpus's small specs) and 0.1–0.2 s of import to every run. The process that makes the
models never needs it: it only hands the rendered files over. So a generation forks a formatter
first, which imports black on the second core while the models are made, then formats the
package when it arrives (still on every core for a large one: it forks its own workers). The largest process
of a run is then the models' or the formatter's, never both at once, and black's import is off
the critical path.

Where forking cannot be used (no ``fork``, other threads running, or already inside a worker
process, whose pool would not let it wait on a child), the files are formatted in the calling
process as before. Either way the output is the same: the formatter runs :func:`format_files`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Collection
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType

from generator.emit.parallel import can_fork, cores, in_worker
from generator.spec.diagnostics import Diagnostic, SpecError

__all__ = ["Formatter"]


class Formatter:
    """Formats one package's files, in a forked process when it can (see the module docstring).

    Enter it before anything starts threads (a worker pool does): the fork needs a lone thread.
    """

    def __init__(self) -> None:
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None

    def __enter__(self) -> Formatter:
        if cores() >= 2 and not in_worker() and can_fork():
            context = multiprocessing.get_context("fork")
            ours, theirs = context.Pipe()
            # not a daemon: it forks workers of its own for a large package
            self._process = context.Process(target=_serve, args=(theirs, ours))
            self._process.start()
            theirs.close()
            self._connection = ours
        return self

    def format(
        self,
        files: dict[str, str],
        cache_dir: Path | None,
        *,
        preformatted: Collection[str] = (),
        not_from_templates: Collection[str] = (),
    ) -> dict[str, str]:
        """:func:`generator.emit.formatting.format_files` of the files, in the formatter if there is one.

        Raises:
            SpecError: generated code does not format (as ``format_files`` raises it).

        """
        request = (files, cache_dir, tuple(preformatted), tuple(not_from_templates))
        if self._connection is None:
            return _format(*request)
        connection, self._connection = self._connection, None
        try:
            connection.send(request)
            formatted, errors = connection.recv()
        except (EOFError, OSError):  # the formatter died (killed, out of memory): format here instead
            formatted, errors = _format(*request), None
        finally:
            connection.close()
        if errors is not None:
            raise SpecError(list(errors))
        result: dict[str, str] = formatted
        return result

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._connection is not None:  # never asked: a failed generation; let the formatter go
            self._connection.close()
            self._connection = None
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._process = None


def _format(
    files: dict[str, str],
    cache_dir: Path | None,
    preformatted: tuple[str, ...],
    not_from_templates: tuple[str, ...],
) -> dict[str, str]:
    from generator.emit.formatting import format_files  # noqa: PLC0415 - black is imported only here

    return format_files(files, cache_dir, preformatted=preformatted, not_from_templates=not_from_templates)


def _serve(connection: Connection, parents_end: Connection) -> None:
    """The formatter: import black at once, then format the one request that comes, if one does.

    The fork copied the parent's end of the pipe too: closed here, or the parent closing its own
    would never reach this end as the end of the pipe.
    """
    parents_end.close()
    from generator.emit import formatting  # noqa: F401, PLC0415 - imported while the models are made

    try:
        request = connection.recv()
    except EOFError:  # the generation failed before formatting
        return
    errors: tuple[Diagnostic, ...] | None = None
    formatted: dict[str, str] = {}
    try:
        formatted = _format(*request)
    except SpecError as exc:  # sent as its diagnostics: a SpecError does not survive pickling
        errors = tuple(exc.diagnostics)
    connection.send((formatted, errors))
    connection.close()
