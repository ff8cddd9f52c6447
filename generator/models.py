"""pydantic v2 models of one API, from datamodel-code-generator's Python API.

The options are fixed here so the output depends on the spec alone: no timestamp, no formatter
(the whole output is formatted once, by ruff, in ``render``), our runtime's ``Model`` as base
class, and our runtime's open enums and lossless ``AwareDatetime`` in place of the standard ones
and strict scalar types (datamodel-code-generator's ``import_overrides`` swaps the import, the
names stay).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from pathlib import Path

from datamodel_code_generator import PythonVersion, generate
from datamodel_code_generator.enums import DataModelType, InputFileType, StrictTypes

from .parse import ParsedApi

__all__ = ["ModelsError", "render_models", "render_models_cached"]


class ModelsError(Exception):
    """datamodel-code-generator could not turn the schemas into models."""


_CLASS = re.compile(r"^class (\w+)\(", re.MULTILINE)
_DCG_HEADER = re.compile(r"\A(#[^\n]*\n)+\n*")
_BARE_LIST = re.compile(r"(RootModel\[|^    root: )list(?=\]|$)", re.MULTILINE)


def render_models(parsed: ParsedApi, package: str) -> str:
    """The source of ``<package>/<api>/models.py`` (unformatted, no header)."""
    if not parsed.model_names:
        return '"""This API defines no schemas."""\n'
    core = f"{package}._core"
    source = json.dumps(parsed.models_document, ensure_ascii=False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = generate(
                source,
                input_file_type=InputFileType.OpenAPI,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                base_class=f"{core}.Model",
                import_overrides={
                    name: core
                    for name in (
                        "AwareDatetime",
                        "Enum",
                        "IntEnum",
                        "StrEnum",
                        "StrictBool",
                        "StrictFloat",
                        "StrictInt",
                        "StrictStr",
                    )
                },
                strict_types=[
                    StrictTypes.str,
                    StrictTypes.int,
                    StrictTypes.float,
                    StrictTypes.bool,
                ],
                # A password a service returns is data: to_dict() must give it back, which
                # pydantic's SecretStr would not.
                # Kept as sent: pydantic's EmailStr needs email-validator (not a runtime
                # dependency), AnyUrl rewrites the text ("https://a.b" -> "https://a.b/") and
                # UUID changes its case.
                type_mappings=[
                    "string+password=string",
                    "string+email=string",
                    "string+idn-email=string",
                    "string+uri=string",
                    "string+uri-reference=string",
                    "string+iri=string",
                    "string+uuid=string",  # uuid.UUID dumps in lower case
                ],
                aliases=parsed.field_aliases or None,
                additional_imports=["typing.Any"],  # unused ones are removed by ruff
                disable_timestamp=True,
                formatters=[],
                field_constraints=True,
                use_annotated=True,
                snake_case_field=True,
                use_schema_description=True,
                use_field_description=True,
                use_double_quotes=True,
                parent_scoped_naming=True,
                capitalise_enum_members=True,
                empty_enum_field_name="EMPTY",
                use_standard_collections=True,
                use_union_operator=True,
            )
    except Exception as exc:  # the library raises many kinds; all mean the same to our caller
        raise ModelsError(f"datamodel-code-generator failed: {exc}") from exc
    if not isinstance(out, str):
        raise ModelsError("datamodel-code-generator returned several modules; expected one")
    # Its own header names the tool and "<stdin>"; ours, added by the caller, names the spec.
    out = _DCG_HEADER.sub("", out, count=1)
    # A self-recursive array comes out as a bare ``RootModel[list]``; mypy --strict wants the
    # item type, which datamodel-code-generator lost: any JSON value.
    out = _BARE_LIST.sub(r"\1list[Any]", out)
    defined = set(_CLASS.findall(out))
    missing = [name for name in parsed.model_names if name not in defined]
    if missing:
        raise ModelsError(
            "datamodel-code-generator named these schemas differently: " + ", ".join(missing)
        )
    return out


def render_models_cached(
    parsed: ParsedApi, package: str, cache_dir: Path | None, toolchain: str
) -> str:
    """``render_models``, kept in ``cache_dir`` by the hash of everything it depends on: the
    schemas, the field aliases, the package name and the toolchain (sources and versions)."""
    if cache_dir is None:
        return render_models(parsed, package)
    key = hashlib.sha256(
        json.dumps(
            [parsed.models_document, parsed.field_aliases, package, toolchain],
            sort_keys=True,
            ensure_ascii=False,
        ).encode()
    ).hexdigest()
    path = cache_dir / "models" / f"{key}.py"
    try:
        cached = path.read_text(encoding="utf-8")
        compile(cached, str(path), "exec", dont_inherit=True)  # a damaged entry is redone
        return cached
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        pass
    source = render_models(parsed, package)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(source, encoding="utf-8", newline="\n")
        os.replace(tmp, path)  # whole or absent, even with two runs at once
    except OSError:
        pass  # a cache that cannot be written only costs time
    return source
