"""Which OpenAPI version a file is written in, decided before anything else reads it.

Every subcommand loads its files through ``SpecTree``, which asks here first: a document of a
version the toolchain does not read is refused with one diagnostic at its version key, before
the (slow) schema validation and before any output is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from ..diagnostics import Diagnostic
from .yamlload import LoadedFile

__all__ = ["SUPPORTED", "Version", "check_version", "sniff_version", "version_of"]

Version = Literal["3.0", "3.1"]

SUPPORTED = "OpenAPI 3.0.0 to 3.0.4 and 3.1.x"
_VERSIONS: dict[Version, re.Pattern[str]] = {
    "3.0": re.compile(r"3\.0\.[0-4]"),
    "3.1": re.compile(r"3\.1\.\d+"),
}
# Top-level keys only an API document has: a file with one of them but no ``openapi`` key is a
# document of another format (or one missing its version), not a fragment.
_DOCUMENT_KEYS = ("paths", "info", "webhooks", "servers", "swagger")
_CONVERT = (
    "convert it to OpenAPI 3 first, e.g. `npx swagger2openapi {name} --yaml --outfile "
    "openapi.yaml` (or paste it into editor.swagger.io: Edit > Convert to OpenAPI 3)"
)


def version_of(data: Any) -> Version | None:
    """The version family of a document's ``openapi`` value; None for a fragment or a version
    the toolchain does not read."""
    if not isinstance(data, dict):
        return None
    value = data.get("openapi")
    if not isinstance(value, str):
        return None
    for version, pattern in _VERSIONS.items():
        if pattern.fullmatch(value):
            return version
    return None


def check_version(file: LoadedFile) -> Diagnostic | None:
    """The refusal of a file that is not an OpenAPI 3.0 or 3.1 document nor a fragment of one
    (a file of schemas, parameters, ... referred to from a document)."""
    data = file.data
    if not isinstance(data, dict):
        return None
    name = file.path.name
    if "swagger" in data and "openapi" not in data:
        return Diagnostic(
            file.location(("swagger",)),
            "oas-swagger2",
            f"{name} is a Swagger {data['swagger']!s} document; this toolchain reads "
            f"{SUPPORTED}: " + _CONVERT.format(name=name),
        )
    if "openapi" not in data:
        found = [k for k in _DOCUMENT_KEYS if k in data]
        if not found:
            return None  # a fragment: checked where it is referred to
        return Diagnostic(
            file.location((found[0],)),
            "oas-version-missing",
            f"{name} has `{found[0]}` but no `openapi` key, so it is no OpenAPI document; "
            f"add `openapi: 3.1.0` (or the 3.0.x it was written for) as its first line",
        )
    value = data["openapi"]
    if version_of(data) is None:
        return Diagnostic(
            file.location(("openapi",)),
            "oas-version",
            f"openapi: {value!r}; this toolchain reads {SUPPORTED}"
            + (
                "; write the version as a string, e.g. '3.1.0'"
                if not isinstance(value, str)
                else ""
            ),
        )
    return None


_HEAD_BYTES = 65_536
_TOP_LEVEL_KEY = re.compile(r"^(swagger|openapi)[ \t]*:[ \t]*(.*?)[ \t]*(?:#.*)?$", re.MULTILINE)


def sniff_version(path: Path) -> LoadedFile | None:
    """The refusal of a YAML file whose first 64 KiB already show a top-level ``swagger`` key or
    an ``openapi`` version the toolchain does not read; None when that takes a full read (JSON
    text, which the C parser reads fast, or a version written in any unusual way)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    if head.lstrip().startswith(("{", "[")):
        return None
    found = {m.group(1): m for m in _TOP_LEVEL_KEY.finditer(head)}
    match = found.get("openapi") or found.get("swagger")
    if match is None:
        return None
    value = match.group(2).strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    if not re.fullmatch(r"[0-9][0-9.]*", value):
        return None  # an anchor, a block scalar, ...: the full load decides
    key = match.group(1)
    if key == "openapi" and any(p.fullmatch(value) for p in _VERSIONS.values()):
        return None
    line = head.count("\n", 0, match.start()) + 1
    file = LoadedFile(path=path, data=None)
    file.positions[()] = (1, 1)
    file.positions[(key,)] = (line, match.start(2) - match.start() + 1)
    stand_in = LoadedFile(path=path, data={key: value}, positions=file.positions)
    refused = check_version(stand_in)
    if refused is not None:
        file.diagnostics.append(refused)
    return file
