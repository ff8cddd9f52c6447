"""Python names for whatever a spec calls things: keywords, hyphens, dots, case, non-ASCII.

Every name the templates print is computed here, so a hostile spec cannot produce code that
does not compile.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["class_name", "enum_literal", "module_name", "snake_name", "unique"]

# "HTTPServer2Go" -> HTTP, Server2, Go; "vpc_endpoint-id" -> vpc, endpoint, id.
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")
# Names a generated client class already defines; a parameter may not take them.
_RESERVED = frozenset({"self", "cls"})


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORDS.findall(folded)


def snake_name(text: str, *, fallback: str = "value") -> str:
    """``vpc_endpoint_service_id``, ``marker_id``, ``Content-Type`` -> ``content_type``,
    ``class`` -> ``class_``, ``1st`` -> ``_1st``."""
    words = _ascii_words(text)
    name = "_".join(w.lower() for w in words) or fallback
    if name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in _RESERVED:
        name += "_"
    return name


def class_name(text: str, *, fallback: str = "Model") -> str:
    """``huawei/vpcep`` -> ``HuaweiVpcep``; ``list-service_connections`` ->
    ``ListServiceConnections``."""
    words = _ascii_words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or fallback
    return fallback + name if name[0].isdigit() else name


def module_name(text: str) -> str:
    """A module or package name: like ``snake_name``, never starting with an underscore."""
    name = snake_name(text, fallback="api").lstrip("_") or "api"
    return name if not name[0].isdigit() else "api_" + name


def unique(names: Iterable[str], separator: str = "_") -> list[str]:
    """The names, with ``_2``, ``_3`` … appended where two would be equal (``Id`` and ``id``
    both become ``id``: the second is ``id_2``)."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        candidate, n = name, 2
        while candidate in seen:
            candidate = f"{name.rstrip('_')}{separator}{n}"
            n += 1
        seen.add(candidate)
        out.append(candidate)
    return out


def enum_literal(values: Iterable[object]) -> str:
    """``Literal[...]`` of enum values: a parameter's type (``parse``), and a request model's
    enum field widened to take the literals too (``render.enumtypes``)."""
    return "Literal[" + ", ".join(repr(v) for v in values) + "]"
