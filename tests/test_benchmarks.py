"""The benchmark runner keeps working (its numbers are read in benchmarks/RESULTS.md, never asserted)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.project import ROOT


def runner_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("exponent", [0.5, 1.0, 1.7])
def test_fitted_exponent_recovers_a_power_law(exponent: float) -> None:
    sizes = [10, 100, 1000, 3000]
    assert runner_module().fitted_exponent(sizes, [0.01 * s**exponent for s in sizes]) == pytest.approx(
        exponent
    )


def test_synthetic_specs_are_proportional() -> None:
    synthetic = runner_module().synthetic_spec
    small, large = synthetic(10), synthetic(100)
    operations = sum(len(item) - ("parameters" in item) for item in large["paths"].values())
    assert operations == 100
    assert len(large["components"]["schemas"]) - 1 == 10 * (len(small["components"]["schemas"]) - 1)


def test_quick_run_prints_ratios() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "benchmarks/run.py",
            "--sections",
            "check,scaling,client",
            "--sizes",
            "5,10",
            "--rounds",
            "1",
            "--calls",
            "20",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    assert any(line.startswith("[check] no-op generate --check:") and "ratio" in line for line in lines)
    assert any(line.startswith("[scaling] growth exponent over 5..10 operations:") for line in lines)
    assert (
        sum(line.startswith("[client] create_outbound per call") and "ratio" in line for line in lines) == 2
    )
    for vendor in ("autocalls", "callkaro", "ravan", "volubile"):
        assert any(line.startswith(f"[client] python -c 'import {vendor}_client'") for line in lines), vendor


def memory_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_memory", ROOT / "benchmarks" / "memory.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_peak_memory_counts_every_process_of_the_tree(tmp_path: Path) -> None:
    """Two processes holding 40 MB each at once: the tree's peak is their sum, not the largest one's."""
    holder = (
        "import os, time\n"
        "to_parent, from_child = os.pipe()\n"
        "to_child, from_parent = os.pipe()\n"
        "child = os.fork()\n"
        "block = b'x' * (40 * 2**20)  # each its own pages, after the fork\n"
        "if child:\n"
        "    os.read(to_parent, 1)  # both hold their block from here on\n"
        "    time.sleep(2.0)\n"
        "    os.write(from_parent, b'x')\n"
        "    os.waitpid(child, 0)\n"
        "else:\n"
        "    os.write(from_child, b'x')\n"
        "    os.read(to_child, 1)  # until the parent is done\n"
        "    os._exit(0)\n"
    )
    peak = memory_module().peak_memory([sys.executable, "-c", holder], tmp_path)
    assert peak.returncode == 0
    # not largest_rss_mb: Linux keeps a process's ru_maxrss across exec, so a command started from a
    # large process (a pytest worker of 270 MB) reports that size however little it uses itself
    assert (peak.processes_at_peak, peak.tree_mb > 80) == (2, True), peak
