"""Auto-paging iterators over list operations that the vendor paginates.

Each paginated operation declares its style in the spec (``x-pagination``);
the generated ``iter_*`` method passes a fetch function for one page and
accessors for the page's items and totals.  Iteration stops at an empty page,
a short page, the reported total or the reported last page, whichever comes
first, so a vendor that reports nothing still terminates; a page equal to the one
before (a vendor that ignores the paging parameter) ends it too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, TypeVar

__all__ = ["apaginate_offset", "apaginate_page", "attr_path", "paginate_offset", "paginate_page"]

P = TypeVar("P")
I = TypeVar("I")  # noqa: E741 - the item type

ItemsOf = Callable[[P], Sequence[I] | None]
NumberOf = Callable[[P], Any]

MAX_PAGES = 100_000


def attr_path(obj: Any, *names: str) -> Any:
    """``obj.a.b`` where any step may be None (then None)."""
    for name in names:
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _offset_done(items: Sequence[Any], seen: int, limit: int | None, total: int | None) -> bool:
    return not items or (limit is not None and len(items) < limit) or (total is not None and seen >= total)


def _page_done(
    items: Sequence[Any], page: int, size: int | None, seen: int, total: int | None, last: int | None
) -> bool:
    short = size is not None and len(items) < size
    return not items or short or (last is not None and page >= last) or (total is not None and seen >= total)


def paginate_offset(
    fetch: Callable[[int], P],
    items_of: ItemsOf[P, I],
    *,
    start: int,
    limit: int | None,
    total_of: NumberOf[P] | None,
) -> Iterator[I]:
    """Items of every page of a limit/offset list, fetching pages as they are needed."""
    offset, seen = start, 0
    previous: list[I] | None = None
    for _ in range(MAX_PAGES):
        page = fetch(offset)
        items = list(items_of(page) or ())
        if items and items == previous:
            return
        previous = items
        yield from items
        seen += len(items)
        total = _number(total_of(page)) if total_of is not None else None
        if _offset_done(items, start + seen, limit, total):
            return
        offset += len(items)


def paginate_page(
    fetch: Callable[[int], P],
    items_of: ItemsOf[P, I],
    *,
    start: int,
    size: int | None,
    total_of: NumberOf[P] | None,
    last_page_of: NumberOf[P] | None,
) -> Iterator[I]:
    """Items of every page of a page-numbered list, fetching pages as they are needed."""
    number, seen = start, 0
    previous: list[I] | None = None
    for _ in range(MAX_PAGES):
        page = fetch(number)
        items = list(items_of(page) or ())
        if items and items == previous:
            return
        previous = items
        yield from items
        seen += len(items)
        total = _number(total_of(page)) if total_of is not None else None
        last = _number(last_page_of(page)) if last_page_of is not None else None
        if _page_done(items, number, size, seen, total, last):
            return
        number += 1


async def apaginate_offset(
    fetch: Callable[[int], Awaitable[P]],
    items_of: ItemsOf[P, I],
    *,
    start: int,
    limit: int | None,
    total_of: NumberOf[P] | None,
) -> AsyncIterator[I]:
    """Async twin of :func:`paginate_offset`."""
    offset, seen = start, 0
    previous: list[I] | None = None
    for _ in range(MAX_PAGES):
        page = await fetch(offset)
        items = list(items_of(page) or ())
        if items and items == previous:
            return
        previous = items
        for item in items:
            yield item
        seen += len(items)
        total = _number(total_of(page)) if total_of is not None else None
        if _offset_done(items, start + seen, limit, total):
            return
        offset += len(items)


async def apaginate_page(
    fetch: Callable[[int], Awaitable[P]],
    items_of: ItemsOf[P, I],
    *,
    start: int,
    size: int | None,
    total_of: NumberOf[P] | None,
    last_page_of: NumberOf[P] | None,
) -> AsyncIterator[I]:
    """Async twin of :func:`paginate_page`."""
    number, seen = start, 0
    previous: list[I] | None = None
    for _ in range(MAX_PAGES):
        page = await fetch(number)
        items = list(items_of(page) or ())
        if items and items == previous:
            return
        previous = items
        for item in items:
            yield item
        seen += len(items)
        total = _number(total_of(page)) if total_of is not None else None
        last = _number(last_page_of(page)) if last_page_of is not None else None
        if _page_done(items, number, size, seen, total, last):
            return
        number += 1
