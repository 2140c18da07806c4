"""A generation killed with SIGKILL at any moment leaves generated/ as the old tree or the new one.

generated/ is replaced in one step (a staging folder swapped in with renameat2's
RENAME_EXCHANGE), so there is no moment at which a reader sees half a tree. The test
changes a spec, learns the old and the new tree, then starts `vendorgen generate --force`
again and again from the old tree and kills it after a random delay spread over the whole
run (seeded: the delays are printed), comparing generated/ with both trees each time.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.emit.publish import read_tree, write_tree
from tests.support.project import ROOT, copy_project

KILLS = 6
SEED = 20261201


def _generate(project: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", "callkaro", "--force"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_sigkill_at_random_moments_leaves_the_old_or_the_new_tree(tmp_path: Path) -> None:
    project = copy_project(tmp_path, with_black_cache=True)
    spec = project / "specs" / "callkaro" / "openapi.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("Outbound calls.", "Outbound phone calls."), "utf-8"
    )
    generated = project / "generated"
    old = read_tree(generated)

    started = time.monotonic()
    assert _generate(project).wait(timeout=300) == 0
    duration = time.monotonic() - started
    new = read_tree(generated)
    assert new != old, "the spec change must change the output"

    rng = random.Random(SEED)
    outcomes = []
    for _ in range(KILLS):
        write_tree(generated, old)
        delay = rng.uniform(0.3 * duration, 1.05 * duration)
        process = _generate(project)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        tree = read_tree(generated)
        state = "old" if tree == old else "new" if tree == new else "MIXED"
        outcomes.append(f"{delay:.2f}s: {state}")
        assert state != "MIXED", f"generated/ is neither tree after a kill at {delay:.2f}s ({outcomes})"
    print(f"run takes {duration:.2f}s; kills: {', '.join(outcomes)}")
    assert _generate(project).wait(timeout=300) == 0
    assert read_tree(generated) == new
    leftovers = sorted(path.name for path in project.iterdir() if path.name.startswith(".generated."))
    assert leftovers == [], "a later run removes what killed runs left beside generated/"
