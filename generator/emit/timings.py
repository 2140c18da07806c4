"""Wall time per pipeline stage, for ``vendorgen generate --timings``.

Each stage adds its time under its name; nested stages are not subtracted from
the outer one, so the stages are chosen not to nest (import, load, validate, models, ir,
render, format, mapping, write). Times measured in worker processes are added to
the parent's by :func:`merge`, so a stage's total can exceed the run's wall time
when the stage ran on both cores.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping

__all__ = ["STAGES", "merge", "recorded", "reset", "stage", "table"]

STAGES = ("import", "load", "validate", "models", "ir", "render", "format", "mapping", "write")
"""The stages in pipeline order, as the table lists them."""

_SECONDS: dict[str, float] = {}


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the time spent in the ``with`` block to stage ``name``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        _SECONDS[name] = _SECONDS.get(name, 0.0) + time.perf_counter() - start


def recorded() -> dict[str, float]:
    """The seconds recorded so far in this process, by stage."""
    return dict(_SECONDS)


def merge(seconds: Mapping[str, float]) -> None:
    """Add a worker process's times to this process's."""
    for name, value in seconds.items():
        _SECONDS[name] = _SECONDS.get(name, 0.0) + value


def reset() -> None:
    """Forget the times recorded so far (a worker starts each job from zero)."""
    _SECONDS.clear()


def table(seconds: Mapping[str, float], wall: float) -> str:
    """The stages as an aligned table: seconds and share of the run's wall time."""
    names = [name for name in STAGES if name in seconds] + sorted(set(seconds) - set(STAGES))
    rows = [f"{'stage':<10} {'seconds':>8} {'of wall':>8}"]
    for name in names:
        share = seconds[name] / wall * 100 if wall > 0 else 0.0
        rows.append(f"{name:<10} {seconds[name]:>8.3f} {share:>7.0f}%")
    rows.append(f"{'wall':<10} {wall:>8.3f}")
    return "\n".join(rows) + "\n"
