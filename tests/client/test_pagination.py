"""Page objects of every paging style the four specs use, sync and async, over MockTransport.

Each case is a fake list of 5 items served 2 at a time the way the vendor's spec says it pages
(offset + limit with a total; page + size with a total; page numbers with a last page; Spring's
page + size with totalElements and totalPages). Prism serves the same methods in
``test_contract_prism.py``.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import autocalls_client
import httpx
import pytest
import ravan_client
import volubile_client

ITEMS = 5
SIZE = 2


@dataclass(frozen=True)
class Style:
    """How one vendor's list pages, and how to build its client and call the method."""

    package: Any
    client_class: str
    resource: str
    method: str
    position_param: str
    size_param: str | None
    first: int
    answer: Callable[[list[dict[str, Any]], int], dict[str, Any]]
    ident: Callable[[int], Any]

    def page_of(self, request: httpx.Request) -> httpx.Response:
        position = int(request.url.params[self.position_param])
        size = int(request.url.params[self.size_param]) if self.size_param else SIZE
        start = position if self.position_param == "offset" else (position - self.first) * size
        items = [{"id": str(self.ident(n))} for n in range(start, min(start + size, ITEMS))]
        if self.ident is int:
            items = [{"id": int(item["id"])} for item in items]
        return httpx.Response(200, json=self.answer(items, position))

    def arguments(self) -> dict[str, Any]:
        return {self.size_param: SIZE} if self.size_param else {}


LAST_PAGE = (ITEMS + SIZE - 1) // SIZE
STYLES = {
    "ravan-offset": Style(
        ravan_client, "RavanClient", "agents", "iter_list", "offset", "limit", 0,
        lambda items, _: {"data": items, "meta": {"total": ITEMS}}, str,
    ),
    "ravan-page-size-total": Style(
        ravan_client, "RavanClient", "calls", "iter_list_sessions", "page", "page_size", 1,
        lambda items, _: {"data": items, "meta": {"total": ITEMS}}, str,
    ),
    "autocalls-page-last-page": Style(
        autocalls_client, "AutocallsClient", "leads", "iter_list", "page", None, 1,
        lambda items, page: {"data": items, "current_page": page, "last_page": LAST_PAGE, "total": ITEMS},
        int,
    ),
    "volubile-spring-page": Style(
        volubile_client, "VolubileClient", "calls", "iter_list", "page", "size", 1,
        lambda items, _: {"content": items, "totalElements": ITEMS, "totalPages": LAST_PAGE},
        lambda n: uuid.UUID(int=n),
    ),
}  # fmt: skip


def _expected(style: Style) -> list[Any]:
    return [style.ident(n) for n in range(ITEMS)]


def _sync(style: Style, requests: list[httpx.Request], handler: Any = None) -> Any:
    def record(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return (handler or style.page_of)(request)

    client = getattr(style.package, style.client_class)(
        api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(record))
    )
    return getattr(getattr(client, style.resource), style.method)


@pytest.mark.parametrize("name", sorted(STYLES))
def test_pages_walk_one_at_a_time_and_end_where_the_list_does(name: str) -> None:
    style = STYLES[name]
    requests: list[httpx.Request] = []
    pager = _sync(style, requests)(**style.arguments())
    assert requests == [], "a pager fetches nothing until asked"
    first = pager.first_page()
    assert [item.id for item in first.items] == _expected(style)[:SIZE]
    assert first.has_next_page()
    assert first.response.__class__.__name__ != "list"  # the method's own response model
    second = first.next_page()
    assert [item.id for item in second.items] == _expected(style)[SIZE : 2 * SIZE]
    pages = list(first.iter_pages())
    assert [len(page.items) for page in pages] == [2, 2, 1]
    assert not pages[-1].has_next_page()
    with pytest.raises(RuntimeError, match="has_next_page"):
        pages[-1].next_page()
    assert [item.id for item in second] == _expected(style)[SIZE:], "a page iterates itself and what follows"
    requests.clear()
    assert [item.id for item in pager] == _expected(style)
    assert len(requests) == LAST_PAGE, "every page once, and no request past the last"


@pytest.mark.parametrize("name", sorted(STYLES))
def test_async_pages_walk_the_same_way(name: str) -> None:
    style = STYLES[name]
    requests: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return style.page_of(request)

    async def run() -> tuple[list[Any], list[int], list[Any], bool]:
        client = getattr(style.package, "Async" + style.client_class)(
            api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(record))
        )
        async with client:
            method = getattr(getattr(client, style.resource), style.method)
            first = await method(**style.arguments())
            second = await first.next_page()
            sizes = [len(page.items) async for page in first.iter_pages()]
            every = [item.id async for item in method(**style.arguments())]
            return [item.id for item in second.items], sizes, every, second.has_next_page()

    second, sizes, every, more = asyncio.run(run())
    assert second == _expected(style)[SIZE : 2 * SIZE]
    assert sizes == [2, 2, 1]
    assert every == _expected(style)
    assert more


def test_a_vendor_that_ignores_the_paging_parameter_ends_the_list() -> None:
    """The same page again (no total, no last page) would loop forever: it ends the list instead."""
    style = STYLES["ravan-offset"]
    requests: list[httpx.Request] = []
    same = httpx.Response(200, json={"data": [{"id": "a"}, {"id": "b"}]})
    pager = _sync(style, requests, handler=lambda request: same)(limit=2)
    pages = list(pager.iter_pages())
    assert [[item.id for item in page.items] for page in pages] == [["a", "b"], []]
    assert not pages[-1].has_next_page()
    assert [item.id for item in pager] == ["a", "b"]


def test_a_page_numbered_list_without_totals_ends_at_a_short_or_empty_page() -> None:
    style = STYLES["autocalls-page-last-page"]
    requests: list[httpx.Request] = []

    def bare(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        return httpx.Response(200, json={"data": [{"id": page}] if page <= 3 else []})

    pager = _sync(style, requests, handler=bare)()
    assert [lead.id for lead in pager] == [1, 2, 3]
    assert [r.url.params["page"] for r in requests] == ["1", "2", "3", "4"]


def test_an_error_on_a_later_page_raises_where_that_page_is_fetched() -> None:
    style = STYLES["ravan-offset"]
    requests: list[httpx.Request] = []

    def failing(request: httpx.Request) -> httpx.Response:
        if request.url.params["offset"] != "0":
            return httpx.Response(404, json={"success": False, "message": "gone"})
        return style.page_of(request)

    first = _sync(style, requests, handler=failing)(limit=2).first_page()
    with pytest.raises(ravan_client.NotFoundError):
        first.next_page()
    assert len(first.items) == 2
