"""The garbage collector kept off the objects that exist now, for the length of a block.

Two stages want it: formatting (black allocates millions of short-lived nodes, and each full
collection would walk the parsed spec and the models again) and forking (a worker's collection
writes to every object it examines, copying pages it would otherwise share with its parent).
The blocks nest (a vendor's worker formats inside the freeze it was forked in): only the
outermost one unfreezes, so an inner block never hands the outer one's objects back early.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["frozen_heap"]


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Freeze what exists on entering; unfreeze on leaving, unless a block outside froze first."""
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()
