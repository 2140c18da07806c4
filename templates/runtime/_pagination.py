"""Page objects over list operations that the vendor paginates.

Each paginated operation declares its style in the spec (``x-pagination``): limit/offset, or
page numbers with an optional page size, total and last page. Its ``iter_*`` method returns a
pager: iterate it for every item of every page (pages are fetched as they are needed), or walk
the pages themselves, each with its ``items``, its parsed ``response``, ``has_next_page()``,
``next_page()`` and ``iter_pages()``.

A list ends at an empty page, a short page, the reported total or the reported last page,
whichever comes first, so a vendor that reports nothing still terminates; a page equal to the
one before (a vendor that ignores the paging parameter) ends it too, and has no items of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

__all__ = [
    "AsyncPage",
    "AsyncPager",
    "SyncPage",
    "SyncPager",
    "apaginate_offset",
    "apaginate_page",
    "attr_path",
    "paginate_offset",
    "paginate_page",
]

P = TypeVar("P")
I = TypeVar("I")  # noqa: E741 - the item type
F = TypeVar("F")  # how a page is fetched: a function, or one that returns an awaitable

ItemsOf = Callable[[P], Sequence[I] | None]
NumberOf = Callable[[P], Any]

MAX_PAGES = 100_000
_NO_NEXT_PAGE = "no next page: check has_next_page() before calling next_page()"


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


@dataclass(frozen=True)
class _Rule(Generic[P, I]):
    """How one list pages: where the next page starts, and when there is none."""

    style: Literal["offset", "page"]
    items_of: ItemsOf[P, I]
    size: int | None
    total_of: NumberOf[P] | None
    last_page_of: NumberOf[P] | None

    def following(self, position: int, items: Sequence[I]) -> int:
        return position + len(items) if self.style == "offset" else position + 1

    def is_last(self, response: P, items: Sequence[I], position: int, seen: int) -> bool:
        """``seen``: items from the first page fetched through this one."""
        total = _number(self.total_of(response)) if self.total_of is not None else None
        if not items or (self.size is not None and len(items) < self.size):
            return True
        if self.style == "offset":
            return total is not None and position + len(items) >= total
        last = _number(self.last_page_of(response)) if self.last_page_of is not None else None
        return (last is not None and position >= last) or (total is not None and seen >= total)


@dataclass(frozen=True)
class _State(Generic[P, I]):
    """One fetched page and where it stands in the list."""

    position: int
    response: P
    items: list[I]
    seen: int
    last: bool
    number: int


def _state(rule: _Rule[P, I], position: int, response: P, before: _State[P, I] | None) -> _State[P, I]:
    items = list(rule.items_of(response) or ())
    repeated = before is not None and bool(items) and items == before.items
    if repeated:
        items = []
    seen = (before.seen if before is not None else 0) + len(items)
    number = before.number + 1 if before is not None else 1
    last = repeated or number >= MAX_PAGES or rule.is_last(response, items, position, seen)
    return _State(position, response, items, seen, last, number)


class _Page(Generic[I, P, F]):
    """What a page is, sync or async: its items, its response, whether another follows."""

    def __init__(self, fetch: F, rule: _Rule[P, I], state: _State[P, I]) -> None:
        self._fetch = fetch
        self._rule = rule
        self._state = state

    @property
    def items(self) -> list[I]:
        """The items of this page."""
        return self._state.items

    @property
    def response(self) -> P:
        """The page's response as the list method returns it (totals, page numbers)."""
        return self._state.response

    def has_next_page(self) -> bool:
        """Whether another page may hold items (see the module docstring for when a list ends)."""
        return not self._state.last

    def _following(self) -> int:
        """Where the next page starts; raises ``RuntimeError`` if there is none."""
        if self._state.last:
            raise RuntimeError(_NO_NEXT_PAGE)
        return self._rule.following(self._state.position, self._state.items)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(items={len(self.items)}, has_next_page={self.has_next_page()})"


class _Pager(Generic[I, P, F]):
    """A list not fetched yet: the fetch function, the paging rule and the first position."""

    def __init__(self, fetch: F, rule: _Rule[P, I], start: int) -> None:
        self._fetch = fetch
        self._rule = rule
        self._start = start


class SyncPage(_Page[I, P, Callable[[int], P]]):
    """One page of a list: its ``items``, its parsed ``response``, and the way to the next one.

    Iterating a page gives its items and those of every page after it.
    """

    def next_page(self) -> SyncPage[I, P]:
        """Fetch the page after this one; raises ``RuntimeError`` where :meth:`has_next_page` is false."""
        position = self._following()
        state = _state(self._rule, position, self._fetch(position), self._state)
        return SyncPage(self._fetch, self._rule, state)

    def iter_pages(self) -> Iterator[SyncPage[I, P]]:
        """This page and every page after it, each fetched when it is reached."""
        page = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[I]:
        for page in self.iter_pages():
            yield from page.items


class SyncPager(_Pager[I, P, Callable[[int], P]]):
    """A list not fetched yet: iterate it for every item, or start from :meth:`first_page`."""

    def first_page(self) -> SyncPage[I, P]:
        """Fetch the first page (the one the method's own paging arguments ask for)."""
        state = _state(self._rule, self._start, self._fetch(self._start), None)
        return SyncPage(self._fetch, self._rule, state)

    def iter_pages(self) -> Iterator[SyncPage[I, P]]:
        """Every page, each fetched when it is reached."""
        yield from self.first_page().iter_pages()

    def __iter__(self) -> Iterator[I]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_Page[I, P, Callable[[int], Awaitable[P]]]):
    """Async twin of :class:`SyncPage`: ``await page.next_page()``, ``async for`` over items or pages."""

    async def next_page(self) -> AsyncPage[I, P]:
        """Fetch the page after this one; raises ``RuntimeError`` where :meth:`has_next_page` is false."""
        position = self._following()
        state = _state(self._rule, position, await self._fetch(position), self._state)
        return AsyncPage(self._fetch, self._rule, state)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[I, P]]:
        """This page and every page after it, each fetched when it is reached."""
        page = self
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[I]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPager(_Pager[I, P, Callable[[int], Awaitable[P]]]):
    """Async twin of :class:`SyncPager`; ``await`` it (or :meth:`first_page`) for the first page."""

    async def first_page(self) -> AsyncPage[I, P]:
        """Fetch the first page (the one the method's own paging arguments ask for)."""
        state = _state(self._rule, self._start, await self._fetch(self._start), None)
        return AsyncPage(self._fetch, self._rule, state)

    def __await__(self) -> Generator[Any, None, AsyncPage[I, P]]:
        return self.first_page().__await__()

    async def iter_pages(self) -> AsyncIterator[AsyncPage[I, P]]:
        """Every page, each fetched when it is reached."""
        first = await self.first_page()
        async for page in first.iter_pages():
            yield page

    async def __aiter__(self) -> AsyncIterator[I]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


def paginate_offset(
    fetch: Callable[[int], P],
    items_of: ItemsOf[P, I],
    *,
    start: int,
    limit: int | None,
    total_of: NumberOf[P] | None,
) -> SyncPager[I, P]:
    """The pager of a limit/offset list."""
    return SyncPager(fetch, _Rule("offset", items_of, limit, total_of, None), start)


def paginate_page(
    fetch: Callable[[int], P],
    items_of: ItemsOf[P, I],
    *,
    start: int,
    size: int | None,
    total_of: NumberOf[P] | None,
    last_page_of: NumberOf[P] | None,
) -> SyncPager[I, P]:
    """The pager of a page-numbered list."""
    return SyncPager(fetch, _Rule("page", items_of, size, total_of, last_page_of), start)


def apaginate_offset(
    fetch: Callable[[int], Awaitable[P]],
    items_of: ItemsOf[P, I],
    *,
    start: int,
    limit: int | None,
    total_of: NumberOf[P] | None,
) -> AsyncPager[I, P]:
    """Async twin of :func:`paginate_offset`."""
    return AsyncPager(fetch, _Rule("offset", items_of, limit, total_of, None), start)


def apaginate_page(
    fetch: Callable[[int], Awaitable[P]],
    items_of: ItemsOf[P, I],
    *,
    start: int,
    size: int | None,
    total_of: NumberOf[P] | None,
    last_page_of: NumberOf[P] | None,
) -> AsyncPager[I, P]:
    """Async twin of :func:`paginate_page`."""
    return AsyncPager(fetch, _Rule("page", items_of, size, total_of, last_page_of), start)
