"""The heap freeze around forks and formatting: nested blocks, and the forks made inside one."""

from __future__ import annotations

import gc

import pytest

from generator.emit import generate as pipeline
from generator.emit.format_process import Formatter
from generator.emit.frozen import frozen_heap
from generator.spec.loader import load_document
from tests.support.project import SPECS


def test_only_the_outermost_block_unfreezes() -> None:
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        outer = gc.get_freeze_count()
        with frozen_heap():
            pass
        assert gc.get_freeze_count() >= outer > 0  # the inner block handed nothing back
    assert gc.get_freeze_count() == 0


def test_a_failing_block_unfreezes_too() -> None:
    with pytest.raises(RuntimeError), frozen_heap():
        raise RuntimeError("stage failed")
    assert gc.get_freeze_count() == 0


def test_a_generation_forks_its_formatter_with_the_heap_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real_enter = Formatter.__enter__

    def recording(self: Formatter) -> Formatter:
        seen.append(gc.get_freeze_count())
        return real_enter(self)

    monkeypatch.setattr(Formatter, "__enter__", recording)
    document = load_document(SPECS / "callkaro" / "openapi.yaml")
    pipeline.generate_package(
        document, pipeline.settings_for_spec(document, "probe"), strict=True, cache_dir=None
    )
    assert len(seen) == 1
    assert seen[0] > 0
    assert gc.get_freeze_count() == 0
