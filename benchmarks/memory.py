"""Peak memory of a command together with every process it starts.

``ru_maxrss`` of the largest process undercounts a program that forks workers: vendorgen's
validation and formatting run in processes of their own beside the models, so its largest
process was 57 MB on a small spec while the three processes together held 120 MB. What a
machine has to have free is the sum, at one moment, over the whole process tree, with the
pages the forks still share counted once: the sum of their proportional set sizes (PSS,
``/proc/<pid>/smaps_rollup``), sampled while the command runs.

The largest process's ``ru_maxrss`` is kept for the notes only: Linux carries it across
``exec``, so a command started from a large process can report that process's size.

Sampling costs CPU that the timed runs should not lose, so the benchmark measures memory in
runs of its own. A peak shorter than the sampling interval can be missed; the interval is far
below the length of any stage measured here.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MemoryPeak", "peak_memory"]

SAMPLE_SECONDS = 0.005


@dataclass(frozen=True)
class MemoryPeak:
    """The largest sum of PSS over a command's process tree, and its largest process's RSS."""

    tree_mb: float
    largest_rss_mb: float
    processes_at_peak: int
    returncode: int

    def notes(self) -> str:
        largest = f"largest process {self.largest_rss_mb:.0f} MB RSS"
        return f"{largest}; {self.processes_at_peak} process(es) at the peak"


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:  # gone since it was listed
        pass
    return found


def _tree(root: int) -> list[int]:
    pids = [root]
    for pid in pids:  # grows while it is walked: breadth first
        pids += _children(pid)
    return pids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0  # gone, or a zombie: it holds no pages


def peak_memory(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> MemoryPeak:
    """Run ``command`` to its end, sampling its process tree's PSS; the peaks seen."""
    if not Path("/proc/self/smaps_rollup").is_file():
        raise SystemExit("peak memory needs Linux's /proc/<pid>/smaps_rollup")
    process = subprocess.Popen(
        list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = [0, 0]  # kB, processes
    finished = threading.Event()

    def sample() -> None:
        while not finished.is_set():
            pids = _tree(process.pid)
            total = sum(_pss_kb(pid) for pid in pids)
            if total > peak[0]:
                peak[:] = [total, len(pids)]
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    finished.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return MemoryPeak(peak[0] / 1024, usage.ru_maxrss / 1024, peak[1], process.returncode)
