"""Run independent jobs on every core, in forked worker processes.

Generation is CPU-bound Python (validation, datamodel-code-generator, black), so
threads do not help; processes do. Workers are forked, so they start with every
module the parent imported and every setting it made, and nothing but each job's
argument and result crosses between processes. A worker never starts workers of
its own: :func:`in_worker` tells the stages that would (black's file pool) to stay
in their process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Generic, TypeVar

__all__ = ["Background", "cores", "in_worker", "map_in_workers"]

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

_IN_WORKER = False


def _mark_worker() -> None:
    global _IN_WORKER  # noqa: PLW0603 - one flag per process, set once when the worker starts
    _IN_WORKER = True


def in_worker() -> bool:
    """Whether this process is one of :func:`map_in_workers`'s workers."""
    return _IN_WORKER


def cores() -> int:
    """The cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe: the platform has it and no other thread holds a lock the child would inherit.

    The CLI is single-threaded; a program that embeds the generator next to threads (a test
    server, a web app) runs the jobs in its own process instead.
    """
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def map_in_workers(
    function: Callable[[_Item], _Result], items: Sequence[_Item], *, workers: int | None = None
) -> list[_Result]:
    """``[function(item) for item in items]``, spread over forked workers when that can pay.

    Results come back in the order of ``items``. One item, one core, a call from inside a worker
    or from a process with other threads runs in this process. ``function`` must be a
    module-level function and results must pickle; an exception in a worker is raised here, as
    it would be inline.
    """
    count = min(len(items), workers or cores())
    if count < 2 or in_worker() or not can_fork():
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_mark_worker) as pool:
        return list(pool.map(function, items))


class Background(Generic[_Item, _Result]):
    """Jobs started in worker processes while this process does other work.

    ``with Background(function, items) as jobs: ...; results = jobs.results()``. Where
    :func:`map_in_workers` would run inline, the jobs run inline on entering, so the order of
    work is the one the code reads in.
    """

    def __init__(self, function: Callable[[_Item], _Result], items: Sequence[_Item]) -> None:
        self._function = function
        self._items = list(items)
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[_Result]] = []
        self._done: list[_Result] | None = None

    def __enter__(self) -> Background[_Item, _Result]:
        if self._items and cores() >= 2 and not in_worker() and can_fork():
            context = multiprocessing.get_context("fork")
            workers = min(len(self._items), cores())
            self._pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_mark_worker
            )
            self._futures = [self._pool.submit(self._function, item) for item in self._items]
        else:
            self._done = [self._function(item) for item in self._items]
        return self

    def results(self) -> list[_Result]:
        """The jobs' results in the order of the items (waiting for them, or running them here).

        The workers go once every result is in: an idle worker holds all it imported and built
        (validation's is 40 MB) through the rest of the run, formatting included.
        """
        if self._done is None:
            self._done = [future.result() for future in self._futures]
            self._release()
        return self._done

    def _release(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._release()
