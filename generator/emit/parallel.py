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
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

__all__ = ["cores", "in_worker", "map_in_workers"]

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


def _can_fork() -> bool:
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
    if count < 2 or in_worker() or not _can_fork():
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_mark_worker) as pool:
        return list(pool.map(function, items))
