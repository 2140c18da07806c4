"""Scale: Stripe's 4 MB spec (417 operations) generates and imports.

In a file of its own, so that pytest-xdist (``--dist loadfile``) can run this minute-long test
beside the other corpus specs instead of after them on the same worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.emit.test_corpus import generate


def test_stripe_scale_spec_generates_and_imports(shared_dir: Path, tmp_path: Path) -> None:
    completed = generate(shared_dir / "corpus" / "stripe-spec3.json", tmp_path / "out", "stripe_client")
    assert completed.returncode == 0, completed.stderr[-3000:]
    environment = {**os.environ, "PYTHONPATH": str(tmp_path / "out")}
    imported = subprocess.run(
        [sys.executable, "-c", "import stripe_client; print(len(stripe_client.models.__all__))"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr[-3000:]
    assert int(imported.stdout) > 500
