# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_pagination.py.
# Do not edit here: edit generator/runtime/_pagination.py, then run `make`.
"""Iterating over every item of a paginated operation, page after page (sync and async).

The spec declares each paginated operation with ``x-cloudnet-pagination``: the style (``page``:
a page number and size, Alibaba's ``PageNumber``/``PageSize``/``TotalCount``; ``offset``: an
offset and limit, Huawei's ``limit``/``offset``/``total_count``) and which parameters and fields
play which part. The generated ``iter_…`` methods pass that here with the call's arguments.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pydantic

__all__ = ["Pagination", "iterate", "iterate_async"]


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

    def advance(self, page: Any) -> list[Any]:
        """The items of ``page``; moves the arguments to the next page or marks the end."""
        items = list(_field(page, self.how.items) or [])
        self.seen += len(items)
        total = _field(page, self.how.total) if self.how.total else None
        size = self.arguments.get(self.how.size)
        if (
            not items
            or (isinstance(total, int) and self.seen >= total)
            or (isinstance(size, int) and len(items) < size)
        ):
            self.done = True
        elif self.how.style == "page":
            self.arguments[self.how.position] += 1
        else:
            self.arguments[self.how.position] += len(items)
        return items


def iterate(
    call: Callable[..., Any], arguments: Mapping[str, Any], how: Pagination
) -> Iterator[Any]:
    """Every item of every page: ``call(**arguments)`` again with the next page until an
    empty page, a short page, or as many items as the latest total count says."""
    cursor = _Cursor(how, dict(arguments))
    while not cursor.done:
        yield from cursor.advance(call(**cursor.arguments))


async def iterate_async(
    call: Callable[..., Awaitable[Any]], arguments: Mapping[str, Any], how: Pagination
) -> AsyncIterator[Any]:
    """``iterate`` for the asynchronous clients."""
    cursor = _Cursor(how, dict(arguments))
    while not cursor.done:
        for item in cursor.advance(await call(**cursor.arguments)):
            yield item
