"""Jobs on every core: same results, in order, and never a fork next to other threads."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from generator.emit.parallel import Background, cores, in_worker, map_in_workers
from tests.support.project import ROOT


def _square(value: int) -> int:
    return value * value


def _where(_: int) -> tuple[int, bool]:
    return os.getpid(), in_worker()


def _fail(value: int) -> int:
    if value == 3:
        raise ValueError(f"job {value} failed")
    return value


def test_results_come_back_in_order() -> None:
    assert map_in_workers(_square, list(range(20))) == [n * n for n in range(20)]


def test_a_job_error_is_raised_to_the_caller() -> None:
    with pytest.raises(ValueError, match="job 3 failed"):
        map_in_workers(_fail, [1, 2, 3, 4])


def test_a_process_with_other_threads_runs_the_jobs_itself() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait, daemon=True)
    thread.start()
    try:
        assert map_in_workers(_where, [1, 2, 3]) == [(os.getpid(), False)] * 3
    finally:
        release.set()
        thread.join()


def _printed_by_a_fresh_process(code: str) -> str:
    """What ``code`` prints, run in a single-threaded interpreter of its own on two cores or more.

    pytest's process may have other threads (xdist's), where the jobs run inline by design.
    """
    if cores() < 2:
        pytest.fail("this test needs two cores (CI has two)")
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_single_threaded_process_uses_worker_processes() -> None:
    code = (
        "import os\n"
        "from tests.emit.test_parallel import _where\n"
        "from generator.emit.parallel import map_in_workers\n"
        "found = map_in_workers(_where, [1, 2, 3, 4])\n"
        "print(all(pid != os.getpid() and worker for pid, worker in found))\n"
    )
    assert _printed_by_a_fresh_process(code).strip() == "True"


def test_one_item_runs_here() -> None:
    assert map_in_workers(_where, [1]) == [(os.getpid(), False)]


def test_background_jobs_give_their_results_in_order() -> None:
    with Background(_square, [3, 1, 2]) as jobs:
        here = sum(range(1000))  # work of this process meanwhile
        assert jobs.results() == [9, 1, 4]
    assert here == 499500


def test_background_jobs_run_first_when_they_cannot_run_beside() -> None:
    order: list[str] = []
    release = threading.Event()
    thread = threading.Thread(target=release.wait, daemon=True)
    thread.start()
    try:
        with Background(_where, [1]) as jobs:
            order.append("after entering")
            assert jobs.results() == [(os.getpid(), False)]
    finally:
        release.set()
        thread.join()
    assert order == ["after entering"]


def test_a_background_job_error_is_raised_to_the_caller() -> None:
    with Background(_fail, [3]) as jobs, pytest.raises(ValueError, match="job 3 failed"):
        jobs.results()


def test_background_workers_go_once_their_results_are_in() -> None:
    """An idle worker would hold what its job imported (validation's 40 MB) for the rest of the run."""
    code = (
        "import multiprocessing, os\n"
        "from tests.emit.test_parallel import _where\n"
        "from generator.emit.parallel import Background\n"
        "with Background(_where, [1, 2]) as jobs:\n"
        "    before = len(multiprocessing.active_children())\n"
        "    found = jobs.results()\n"
        "    after = len(multiprocessing.active_children())\n"
        "    print(before, after, all(pid != os.getpid() and worker for pid, worker in found))\n"
    )
    assert _printed_by_a_fresh_process(code).split() == ["2", "0", "True"]
