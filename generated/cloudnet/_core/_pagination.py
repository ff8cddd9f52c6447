# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_pagination.py.
# Do not edit here: edit generator/runtime/_pagination.py, then run `make`.
"""Iterating over every item of a paginated operation, page after page (sync and async).

The spec declares each paginated operation with ``x-cloudnet-pagination``: the style (``page``:
a page number and size, Alibaba's ``PageNumber``/``PageSize``/``TotalCount``; ``offset``: an
offset and limit, Huawei's ``limit``/``offset``/``total_count``) and which parameters and fields
play which part. The generated ``<operation>_pages`` methods (pages as ``Page`` objects) and
``iter_<operation>`` methods (the items) pass that here with the call's arguments.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx
import pydantic

from ._models import Model, response_of

__all__ = ["Page", "Pagination", "iterate", "iterate_async", "pages", "pages_async"]

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class Pagination:
    style: str  # "page" or "offset"
    #: Python names of the method's arguments: the page number (or offset) and the page size.
    position: str
    size: str
    #: Wire names of the response fields: the items and the total count.
    items: str
    total: str | None = None


def _field(page: Any, wire: str) -> Any:
    """The value of the field sent as ``wire``, whatever its Python name."""
    if isinstance(page, pydantic.BaseModel):
        for name, info in type(page).model_fields.items():
            if wire in (info.alias, name):
                return getattr(page, name)
        return (page.model_extra or {}).get(wire)
    return None


@dataclass
class _Cursor:
    how: Pagination
    arguments: dict[str, Any]
    seen: int = 0
    done: bool = False

    def __post_init__(self) -> None:
        if self.arguments.get(self.how.position) is None:
            self.arguments[self.how.position] = 1 if self.how.style == "page" else 0

    def advance(self, result: Any) -> Page[Any, Any]:
        """The page of ``result``; moves the arguments to the next page or marks the end."""
        items = list(_field(result, self.how.items) or [])
        self.seen += len(items)
        total = _field(result, self.how.total) if self.how.total else None
        if not isinstance(total, int) or isinstance(total, bool):
            total = None
        size = self.arguments.get(self.how.size)
        if (
            not items
            or (total is not None and self.seen >= total)
            or (isinstance(size, int) and len(items) < size)
        ):
            self.done = True
            following = None
        else:
            step = 1 if self.how.style == "page" else len(items)
            self.arguments[self.how.position] += step
            following = {self.how.position: self.arguments[self.how.position]}
        return Page(result, items, total, following)


class Page(Generic[ItemT, ResultT]):
    """One page of a paginated operation, as ``client.<operation>_pages(...)`` yields it.

    ``items`` are the page's items, ``total`` the total count the service reports (None when
    the API gives none, or this response did not), ``result`` the whole response model and
    ``response`` the ``httpx.Response`` it was read from.
    """

    __slots__ = ("_next", "items", "result", "total")

    def __init__(
        self,
        result: ResultT,
        items: list[ItemT],
        total: int | None,
        following: dict[str, int] | None,
    ) -> None:
        self.result = result
        self.items = items
        self.total = total
        self._next = following

    @property
    def response(self) -> httpx.Response | None:
        """The ``httpx.Response`` the page was read from."""
        return response_of(self.result) if isinstance(self.result, Model) else None

    def has_next_page(self) -> bool:
        """Whether another page follows: False after an empty or short page, or once the items
        seen reach the total the service reports."""
        return self._next is not None

    def next_page_params(self) -> dict[str, Any] | None:
        """The keyword arguments that ask for the next page (``{"offset": 20}``,
        ``{"page_number": 3}``), to pass with the others to the operation's method
        (``client.<operation>(..., **page.next_page_params())``); None on the last page."""
        return dict(self._next) if self._next is not None else None

    def __iter__(self) -> Iterator[ItemT]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"Page(items={len(self.items)}, total={self.total}, next={self.next_page_params()})"


def pages(
    call: Callable[..., Any], arguments: Mapping[str, Any], how: Pagination
) -> Iterator[Page[Any, Any]]:
    """Every page: ``call(**arguments)`` again with the next page until an empty page, a short
    page, or as many items as the latest total count says."""
    cursor = _Cursor(how, dict(arguments))
    while not cursor.done:
        yield cursor.advance(call(**cursor.arguments))


async def pages_async(
    call: Callable[..., Awaitable[Any]], arguments: Mapping[str, Any], how: Pagination
) -> AsyncIterator[Page[Any, Any]]:
    """``pages`` for the asynchronous clients."""
    cursor = _Cursor(how, dict(arguments))
    while not cursor.done:
        yield cursor.advance(await call(**cursor.arguments))


def iterate(
    call: Callable[..., Any], arguments: Mapping[str, Any], how: Pagination
) -> Iterator[Any]:
    """Every item of every page (``pages``, item by item)."""
    for page in pages(call, arguments, how):
        yield from page.items


async def iterate_async(
    call: Callable[..., Awaitable[Any]], arguments: Mapping[str, Any], how: Pagination
) -> AsyncIterator[Any]:
    """``iterate`` for the asynchronous clients."""
    async for page in pages_async(call, arguments, how):
        for item in page.items:
            yield item
